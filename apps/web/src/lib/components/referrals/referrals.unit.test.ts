import { describe, expect, it } from 'vitest';
import { REFERRAL_STATES } from '@ensemblier/shared';
import {
  actionKeepingQuery,
  applyRecipientOp,
  attachmentProblem,
  listQuery,
  parseTypedDate,
  queryOf,
  readListFilters,
  recipientParams,
  STATE_LOOK,
  stateLook,
  waitingText,
  withAdded,
  withRemoved,
} from './referrals.ts';

describe('state badges', () => {
  it('gives every state its French label and its own icon (colour is never the only cue)', () => {
    expect(stateLook('vue').label).toBe('Vue');
    expect(stateLook('terminee').label).toBe('Terminée');
    for (const s of REFERRAL_STATES) expect(stateLook(s).label).not.toBe(s === 'vue' ? '' : s);
    expect(new Set(REFERRAL_STATES.map((s) => STATE_LOOK[s].icon)).size).toBe(REFERRAL_STATES.length);
  });
});

describe('list filters', () => {
  it('reads known values from the URL and drops the others', () => {
    const f = readListFilters(
      new URLSearchParams('etat=acceptee&categorie=sante&urgence=vite&partenaire=pas-un-id&du=01/03/2026&tri=attente'),
    );
    expect(f).toMatchObject({ etat: 'acceptee', categorie: 'sante', urgence: '', partenaire: '', du: '01/03/2026' });
    expect(f.tri).toBe('attente');
  });

  it('turns typed dates and the waiting time into the API query', () => {
    const result = listQuery(readListFilters(new URLSearchParams('du=1/3/2026&au=2026-03-31&attente=15')));
    expect(result).toEqual({
      ok: true,
      query: {
        states: [],
        thematiqueCategory: null,
        urgency: null,
        partnerId: null,
        sentFrom: '2026-03-01',
        sentTo: '2026-03-31',
        waitingDays: 15,
        sort: 'recent',
      },
    });
  });

  it('explains a wrong date, a reversed period and a wrong number of days', () => {
    const bad = listQuery(readListFilters(new URLSearchParams('du=31/02/2026&attente=abc')));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.du).toMatch(/JJ\/MM\/AAAA/);
      expect(bad.errors.attente).toMatch(/nombre de jours/);
    }
    const reversed = listQuery(readListFilters(new URLSearchParams('du=10/03/2026&au=01/03/2026')));
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.errors.au).toMatch(/après la date de début/);
  });

  it('parses JJ/MM/AAAA and rejects impossible dates', () => {
    expect(parseTypedDate('05/11/2026')).toBe('2026-11-05');
    expect(parseTypedDate('')).toBe('');
    expect(parseTypedDate('30/02/2026')).toBeNull();
    expect(parseTypedDate('hier')).toBeNull();
  });

  it('leaves empty fields and defaults out of a GET form’s URL', () => {
    expect(
      queryOf(
        '/orientations/recues',
        [
          ['etat', 'vue'],
          ['du', ''],
          ['tri', 'recent'],
        ],
        { tri: 'recent' },
      ),
    ).toBe('/orientations/recues?etat=vue');
  });
});

describe('waiting time', () => {
  it('says how long a referral has waited, or nothing once answered', () => {
    expect(waitingText(null)).toBeNull();
    expect(waitingText(0)).toBe('Envoyée aujourd’hui');
    expect(waitingText(1)).toBe('1 jour');
    expect(waitingText(12)).toBe('12 jours');
  });
});

describe('attachments', () => {
  const MB = 1024 * 1024;
  it('accepts PDF, JPEG and PNG up to 10 MB', () => {
    expect(attachmentProblem([{ name: 'a.pdf', size: 10 * MB, type: 'application/pdf' }])).toBeNull();
    expect(attachmentProblem([{ name: 'b.JPG', size: 1000, type: 'image/jpeg' }])).toBeNull();
  });
  it('refuses another type, an empty or too large file, and more than five files', () => {
    expect(attachmentProblem([{ name: 'a.docx', size: 10, type: '' }])).toMatch(/n’est pas accepté/);
    expect(attachmentProblem([{ name: 'a.pdf', size: 10, type: 'text/html' }])).toMatch(/n’est pas accepté/);
    expect(attachmentProblem([{ name: 'a.pdf', size: 10 * MB + 1, type: 'application/pdf' }])).toMatch(/dépasse 10 Mo/);
    expect(
      attachmentProblem(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, size: 10, type: 'image/png' }))),
    ).toMatch(/5 fichiers au plus/);
  });
});

describe('URL state of the new referral', () => {
  const url = { pathname: '/orientations/nouvelle', search: '?service=a&personne=p&rq=soins' };
  it('adds and removes one recipient, keeping the others', () => {
    expect(withAdded(url, 'service', 'b', ['rq'])).toBe('/orientations/nouvelle?service=a&personne=p&service=b');
    expect(withRemoved({ ...url, search: '?service=a&service=b' }, 'service', 'a')).toBe(
      '/orientations/nouvelle?service=b',
    );
  });
  it('posts to a named action without losing the query', () => {
    expect(actionKeepingQuery(url, 'createPerson')).toBe(
      '/orientations/nouvelle?service=a&personne=p&rq=soins&/createPerson',
    );
    expect(actionKeepingQuery({ pathname: '/x', search: '?/createPerson' }, 'createPerson')).toBe('/x?/createPerson');
  });
});

describe('recipients carried by the new-referral form', () => {
  const A = '11111111-1111-4111-8111-111111111111';
  const B = '22222222-2222-4222-8222-222222222222';
  it('adds a service or the CCAS once, and removes one recipient, keeping the others', () => {
    expect(applyRecipientOp([`service:${A}`], `ajouter:${B}`)).toEqual({
      recipients: [`service:${A}`, `service:${B}`],
      change: { kind: 'added', recipient: `service:${B}` },
    });
    expect(applyRecipientOp([`service:${A}`], `ajouter:${A}`).change.kind).toBe('none');
    expect(applyRecipientOp([`service:${A}`], 'router')).toEqual({
      recipients: [`service:${A}`, 'a-router'],
      change: { kind: 'added', recipient: 'a-router' },
    });
    expect(applyRecipientOp([`service:${A}`, 'a-router', `service:${B}`], `retirer:service:${A}`)).toEqual({
      recipients: ['a-router', `service:${B}`],
      change: { kind: 'removed', recipient: `service:${A}` },
    });
    expect(applyRecipientOp(['a-router'], 'retirer:a-router').recipients).toEqual([]);
  });
  it('drops forged or unknown values and keeps the list on a search or an unknown button', () => {
    expect(applyRecipientOp([`service:${A}`, 'service:pas-un-id', 'autre', `service:${A}`], 'chercher')).toEqual({
      recipients: [`service:${A}`],
      change: { kind: 'search' },
    });
    expect(applyRecipientOp([], 'ajouter:pas-un-id')).toEqual({ recipients: [], change: { kind: 'none' } });
    expect(applyRecipientOp([`service:${A}`], 'effacer').change.kind).toBe('none');
  });
  it('accepts ten services at most', () => {
    const ten = Array.from(
      { length: 10 },
      (_, i) => `service:${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`,
    );
    expect(applyRecipientOp(ten, `ajouter:${B}`).recipients).toHaveLength(10);
    expect(applyRecipientOp(ten, 'router').recipients).toHaveLength(11);
  });
  it('says the recipients as URL parameters (to start again with another person)', () => {
    expect(recipientParams([`service:${A}`, 'a-router', `service:${B}`])).toEqual([
      ['service', A],
      ['service', B],
      ['router', '1'],
    ]);
  });
});
