// Server-side render tests: check the accessible markup each component produces.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { createRawSnippet } from 'svelte';
import AppShell from './AppShell.svelte';
import Button from './Button.svelte';
import CheckboxGroup from './CheckboxGroup.svelte';
import EmptyState from './EmptyState.svelte';
import ErrorSummary from './ErrorSummary.svelte';
import Pagination from './Pagination.svelte';
import RadioGroup from './RadioGroup.svelte';
import Select from './Select.svelte';
import StatusBadge from './StatusBadge.svelte';
import Table from './Table.svelte';
import TextField from './TextField.svelte';
import Textarea from './Textarea.svelte';

const text = (html: string) => createRawSnippet(() => ({ render: () => html }));
/** Strip Svelte's hydration comments to make assertions readable. */
const clean = (html: string) => html.replace(/<!--[^>]*-->/g, '');

describe('Button', () => {
  it('renders a type="button" by default', () => {
    const { body } = render(Button, { props: { children: text('<span>Enregistrer</span>') } });
    expect(body).toContain('type="button"');
    expect(body).not.toContain('aria-busy');
  });
  it('marks a loading button busy without disabling it', () => {
    const { body } = render(Button, {
      props: {
        loading: true,
        loadingLabel: 'Envoi en cours…',
        children: text('<span>Envoyer</span>'),
      },
    });
    expect(body).toContain('aria-busy="true"');
    expect(body).toContain('Envoi en cours…');
    expect(body).not.toMatch(/\sdisabled(=|\s|>)/);
  });
});

describe('TextField', () => {
  it('links the label, the hint and the error', () => {
    const { body } = render(TextField, {
      props: {
        label: 'Adresse électronique',
        name: 'email',
        id: 'email',
        type: 'email',
        required: true,
        hint: 'Par exemple : nom@exemple.fr',
        error: 'Saisissez une adresse électronique valide.',
      },
    });
    const html = clean(body);
    expect(html).toContain('<label for="email"');
    // « Adresse e-mail (obligatoire) »: a real space before the marker (read and shown).
    expect(html).toMatch(/<span class="required[^"]*">(&nbsp;|\u00a0)\(obligatoire\)<\/span>/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="email-aide email-erreur"');
    expect(html).toContain('id="email-erreur"');
    expect(html).toContain('type="email"');
  });
  it('omits aria-invalid and aria-describedby when there is nothing to describe', () => {
    const { body } = render(TextField, { props: { label: 'Nom', name: 'nom' } });
    expect(body).not.toContain('aria-invalid');
    expect(body).not.toContain('aria-describedby');
    expect(body).not.toContain('(obligatoire)');
  });
});

describe('Textarea and Select', () => {
  it('renders a described textarea', () => {
    const { body } = render(Textarea, {
      props: { label: 'Motif', name: 'motif', id: 'motif', error: 'Indiquez le motif du refus.' },
    });
    expect(body).toContain('aria-describedby="motif-erreur"');
    expect(body).toContain('aria-invalid="true"');
  });
  it('renders a select with a placeholder option', () => {
    const { body } = render(Select, {
      props: {
        label: 'Commune',
        name: 'commune',
        placeholder: 'Choisissez une commune',
        options: [
          { value: '75056', label: 'Paris' },
          { value: '92040', label: 'Issy-les-Moulineaux' },
        ],
      },
    });
    expect(body).toContain('Choisissez une commune');
    expect(body).toContain('Issy-les-Moulineaux');
  });
});

describe('CheckboxGroup and RadioGroup', () => {
  const options = [
    { value: 'a', label: 'Aide à domicile' },
    { value: 'b', label: 'Portage de repas' },
  ];
  it('uses a fieldset and a legend', () => {
    const { body } = render(CheckboxGroup, {
      props: {
        legend: 'Besoins',
        name: 'besoins',
        id: 'besoins',
        options,
        value: ['b'],
        error: 'Choisissez au moins un besoin.',
      },
    });
    const html = clean(body);
    expect(html).toMatch(/<fieldset id="besoins"[^>]*aria-describedby="besoins-erreur"/);
    expect(html).toContain('<legend');
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    expect(html).toMatch(/value="b"[^>]*checked/);
  });
  it('renders radios', () => {
    const { body } = render(RadioGroup, {
      props: { legend: 'Urgence', name: 'urgence', options, value: 'a' },
    });
    expect(body.match(/type="radio"/g)).toHaveLength(2);
    expect(body).toMatch(/value="a"[^>]*checked/);
  });
});

describe('ErrorSummary', () => {
  it('titles and lists the errors with links to the fields', () => {
    const { body } = render(ErrorSummary, {
      props: {
        errors: [
          { fieldId: 'nom', message: 'Saisissez le nom.' },
          { fieldId: 'email', message: 'Saisissez une adresse électronique valide.' },
        ],
      },
    });
    const html = clean(body);
    expect(html).toContain('Le formulaire contient 2 erreurs');
    expect(html).toContain('href="#nom"');
    expect(html).toContain('href="#email"');
    expect(html).toContain('tabindex="-1"');
  });
  it('uses the singular for one error and renders nothing without errors', () => {
    expect(clean(render(ErrorSummary, { props: { errors: [{ fieldId: 'x', message: 'Erreur.' }] } }).body)).toContain(
      'Le formulaire contient 1 erreur',
    );
    expect(clean(render(ErrorSummary, { props: { errors: [] } }).body).trim()).toBe('');
  });
});

describe('Pagination', () => {
  it('keeps the other query parameters and marks the current page', () => {
    const url = new URL('https://ensemblier.test/personnes?q=martin&page=3&tri=nom');
    const { body } = render(Pagination, { props: { url, page: 3, totalPages: 8 } });
    const html = clean(body);
    expect(html).toContain('Page 3 sur 8');
    expect(html).toContain('href="/personnes?q=martin&amp;page=4&amp;tri=nom"');
    expect(html).toContain('href="/personnes?q=martin&amp;tri=nom"'); // page 1 drops the parameter
    expect(html).toMatch(/href="\/personnes\?q=martin&amp;page=3&amp;tri=nom" aria-current="page"/);
    expect(html).toContain('rel="prev"');
    expect(html).toContain('rel="next"');
  });
  it('renders nothing for a single page', () => {
    const url = new URL('https://ensemblier.test/personnes');
    expect(clean(render(Pagination, { props: { url, page: 1, totalPages: 1 } }).body).trim()).toBe('');
  });
});

describe('StatusBadge, EmptyState, Table', () => {
  it('always shows the status text', () => {
    const { body } = render(StatusBadge, { props: { label: 'En attente', tone: 'warning' } });
    expect(body).toContain('En attente');
    expect(body).toContain('badge-warning');
  });
  it('renders an empty state heading', () => {
    const { body } = render(EmptyState, {
      props: {
        title: 'Aucune orientation',
        description: 'Les orientations reçues apparaîtront ici.',
      },
    });
    expect(clean(body)).toMatch(/<h2[^>]*>Aucune orientation<\/h2>/);
  });
  it('renders a captioned table with sortable headers', () => {
    const { body } = render(Table<{ id: string; nom: string; commune: string }>, {
      props: {
        caption: 'Personnes suivies',
        columns: [
          { key: 'nom', label: 'Nom', sortable: true },
          { key: 'commune', label: 'Commune' },
        ],
        rows: [{ id: '1', nom: 'Martin', commune: 'Issy' }],
        sort: { key: 'nom', direction: 'asc' },
        sortHref: (key: string, dir: string) => `/personnes?tri=${key}&ordre=${dir}`,
      },
    });
    const html = clean(body);
    expect(html).toContain('Personnes suivies</caption>');
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('href="/personnes?tri=nom&amp;ordre=desc"');
    expect(html).toContain('Martin');
    expect(html).toContain('scope="col"');
  });
});

describe('AppShell', () => {
  const base = {
    user: { name: 'Claire Dubois', email: 'claire.dubois@ccas.example' },
    activeMembershipId: 'm1',
    nav: [
      { href: '/', label: 'Tableau de bord' },
      { href: '/orientations', label: 'Orientations', count: 3 },
      { href: '/annuaire', label: 'Annuaire' },
    ],
    currentPath: '/orientations/42',
    children: text('<h1>Orientation</h1>'),
  };

  it('renders the skip link, the landmarks and the active entry', () => {
    const { body } = render(AppShell, {
      props: {
        ...base,
        memberships: [{ id: 'm1', organisationName: 'CCAS de Lyon', role: 'coordinator' }],
      },
    });
    const html = clean(body);
    expect(html).toContain('href="#contenu"');
    expect(html).toContain('Aller au contenu');
    expect(html).toContain('<main id="contenu"');
    expect(html).toContain('aria-label="Navigation principale"');
    expect(html).toMatch(/href="\/orientations"[^>]*aria-current="page"/);
    expect(html).toContain('3 en attente');
    expect(html).toContain('CCAS de Lyon');
    expect(html).not.toContain('action="/organisation-active"');
    expect(html).toContain('action="/deconnexion"');
    expect(html).toContain('Sécurité du compte');
    expect(html).toContain('Mon compte');
  });

  it('offers a switcher when the user has several organisations', () => {
    const { body } = render(AppShell, {
      props: {
        ...base,
        memberships: [
          { id: 'm1', organisationName: 'CCAS de Lyon', role: 'coordinator' },
          { id: 'm2', organisationName: 'Association Entraide', role: 'partner_worker' },
        ],
      },
    });
    const html = clean(body);
    expect(html).toContain('action="/organisation-active"');
    expect(html).toContain('name="membershipId"');
    expect(html).toMatch(/value="m1"[^>]*selected/);
    expect(html).toContain('Association Entraide — Professionnel·le partenaire');
  });
});
