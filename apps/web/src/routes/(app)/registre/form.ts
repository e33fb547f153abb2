/**
 * The registration form (register of vulnerable people) as flat HTML fields, without JavaScript:
 * three phones, two emergency contacts, two home-help services (the API accepts more; the form
 * shows what a coordinator fills in practice). Shared by « Inscrire » and « Modifier ».
 */

export const PHONE_SLOTS = [1, 2, 3] as const;
export const CONTACT_SLOTS = [1, 2] as const;
export const SERVICE_SLOTS = [1, 2] as const;

const TEXT_FIELDS = [
  'requestedBy',
  'requesterName',
  'requesterLink',
  'consentMode',
  'consentOn',
  'situation',
  'isole',
  'adresse',
  'communeInsee',
  'secteur',
  'batiment',
  'etage',
  'digicode',
  'cles',
  'accesNotes',
  'medecinNom',
  'medecinTel',
  'version',
] as const;

export const FORM_FIELDS: string[] = [
  ...TEXT_FIELDS,
  ...PHONE_SLOTS.flatMap((i) => [`tel${i}`, `tel${i}Type`]),
  ...CONTACT_SLOTS.flatMap((i) => [`contact${i}Nom`, `contact${i}Lien`, `contact${i}Tel`]),
  ...SERVICE_SLOTS.flatMap((i) => [`service${i}Nom`, `service${i}Tel`, `service${i}Passages`]),
];

/** [form key, input id] in the order of the page, for the ErrorSummary. */
export const SUMMARY_FIELDS: [string, string][] = [
  ['requestedBy', 'registre-requestedBy'],
  ['requesterName', 'registre-requesterName'],
  ['requesterLink', 'registre-requesterLink'],
  ['consentMode', 'registre-consentMode'],
  ['consentOn', 'registre-consentOn'],
  ['situation', 'registre-situation'],
  ['adresse', 'registre-adresse'],
  ['communeInsee', 'registre-communeInsee'],
  ['secteur', 'registre-secteur'],
  ['batiment', 'registre-batiment'],
  ['etage', 'registre-etage'],
  ['digicode', 'registre-digicode'],
  ['cles', 'registre-cles'],
  ['accesNotes', 'registre-accesNotes'],
  ...PHONE_SLOTS.map((i): [string, string] => [`tel${i}`, `registre-tel${i}`]),
  ...CONTACT_SLOTS.flatMap((i): [string, string][] => [
    [`contact${i}Nom`, `registre-contact${i}Nom`],
    [`contact${i}Lien`, `registre-contact${i}Lien`],
    [`contact${i}Tel`, `registre-contact${i}Tel`],
  ]),
  ['medecinNom', 'registre-medecinNom'],
  ['medecinTel', 'registre-medecinTel'],
  ...SERVICE_SLOTS.flatMap((i): [string, string][] => [
    [`service${i}Nom`, `registre-service${i}Nom`],
    [`service${i}Tel`, `registre-service${i}Tel`],
    [`service${i}Passages`, `registre-service${i}Passages`],
  ]),
];

const str = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

export function formValues(data: FormData): Record<string, string> {
  return Object.fromEntries(FORM_FIELDS.map((f) => [f, str(data, f)]));
}

/** The API input (without personId / registrationId), as typed: the API validates. */
export function parseRegistrationForm(v: Record<string, string>) {
  const phones = PHONE_SLOTS.filter((i) => v[`tel${i}`]).map((i) => ({
    numero: v[`tel${i}`]!,
    type: (v[`tel${i}Type`] || 'fixe') as 'fixe',
  }));
  const contacts = CONTACT_SLOTS.filter((i) => v[`contact${i}Nom`] || v[`contact${i}Tel`] || v[`contact${i}Lien`]).map(
    (i) => ({ nom: v[`contact${i}Nom`]!, lien: v[`contact${i}Lien`] || null, telephone: v[`contact${i}Tel`]! }),
  );
  const services = SERVICE_SLOTS.filter((i) => v[`service${i}Nom`] || v[`service${i}Tel`]).map((i) => ({
    nom: v[`service${i}Nom`]!,
    telephone: v[`service${i}Tel`] || null,
    passages: v[`service${i}Passages`] || null,
  }));
  return {
    requestedBy: v.requestedBy as 'personne',
    requesterName: v.requesterName || null,
    requesterLink: v.requesterLink || null,
    consentMode: v.consentMode as 'oral',
    consentOn: v.consentOn ?? '',
    situation: v.situation as 'age_65',
    isole: v.isole === 'oui',
    adresse: v.adresse ?? '',
    communeInsee: v.communeInsee || null,
    secteur: v.secteur || null,
    batiment: v.batiment || null,
    etage: v.etage || null,
    digicode: v.digicode || null,
    cles: v.cles || null,
    accesNotes: v.accesNotes || null,
    telephones: phones,
    contactsUrgence: contacts,
    medecin: v.medecinNom || v.medecinTel ? { nom: v.medecinNom ?? '', telephone: v.medecinTel || null } : null,
    servicesDomicile: services,
  };
}

/** Which list entry a form slot was (slots left empty are skipped when parsing). */
function slotOf(v: Record<string, string>, kind: 'tel' | 'contact' | 'service', index: number): number | null {
  const slots =
    kind === 'tel'
      ? PHONE_SLOTS.filter((i) => v[`tel${i}`])
      : kind === 'contact'
        ? CONTACT_SLOTS.filter((i) => v[`contact${i}Nom`] || v[`contact${i}Tel`] || v[`contact${i}Lien`])
        : SERVICE_SLOTS.filter((i) => v[`service${i}Nom`] || v[`service${i}Tel`]);
  return slots[index] ?? null;
}

/** API field errors (`telephones.0.numero`, `medecin.nom`…) → form field names. */
export function mapErrors(v: Record<string, string>, fieldErrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const sub: Record<string, Record<string, string>> = {
    contactsUrgence: { nom: 'Nom', lien: 'Lien', telephone: 'Tel' },
    servicesDomicile: { nom: 'Nom', telephone: 'Tel', passages: 'Passages' },
  };
  for (const [key, message] of Object.entries(fieldErrors)) {
    const parts = key.split('.');
    let name = key;
    if (parts[0] === 'telephones') {
      const slot = parts[1] !== undefined ? slotOf(v, 'tel', Number(parts[1])) : null;
      name = slot ? `tel${slot}` : 'tel1';
    } else if (parts[0] === 'contactsUrgence' || parts[0] === 'servicesDomicile') {
      const kind = parts[0] === 'contactsUrgence' ? 'contact' : 'service';
      const slot = parts[1] !== undefined ? slotOf(v, kind, Number(parts[1])) : null;
      name = `${kind}${slot ?? 1}${sub[parts[0]]![parts[2] ?? 'nom'] ?? 'Nom'}`;
    } else if (parts[0] === 'medecin') {
      name = parts[1] === 'telephone' ? 'medecinTel' : 'medecinNom';
    }
    out[name] ??= message;
  }
  return out;
}

interface RegistrationLike {
  requestedBy: string;
  requesterName: string | null;
  requesterLink: string | null;
  consentMode: string;
  consentOn: string;
  situation: string;
  isole: boolean;
  adresse: string;
  communeInsee: string | null;
  secteur: string | null;
  batiment: string | null;
  etage: string | null;
  digicode: string | null;
  cles: string | null;
  accesNotes: string | null;
  telephones: { numero: string; type: string }[];
  contactsUrgence: { nom: string; lien: string | null; telephone: string }[];
  medecin: { nom: string; telephone: string | null } | null;
  servicesDomicile: { nom: string; telephone: string | null; passages: string | null }[];
  version: number;
}

/** The form's values for an existing registration (« Modifier »). */
export function valuesOf(r: RegistrationLike): Record<string, string> {
  const v: Record<string, string> = {
    requestedBy: r.requestedBy,
    requesterName: r.requesterName ?? '',
    requesterLink: r.requesterLink ?? '',
    consentMode: r.consentMode,
    consentOn: r.consentOn,
    situation: r.situation,
    isole: r.isole ? 'oui' : '',
    adresse: r.adresse,
    communeInsee: r.communeInsee ?? '',
    secteur: r.secteur ?? '',
    batiment: r.batiment ?? '',
    etage: r.etage ?? '',
    digicode: r.digicode ?? '',
    cles: r.cles ?? '',
    accesNotes: r.accesNotes ?? '',
    medecinNom: r.medecin?.nom ?? '',
    medecinTel: r.medecin?.telephone ?? '',
    version: String(r.version),
  };
  PHONE_SLOTS.forEach((i) => {
    v[`tel${i}`] = r.telephones[i - 1]?.numero ?? '';
    v[`tel${i}Type`] = r.telephones[i - 1]?.type ?? 'fixe';
  });
  CONTACT_SLOTS.forEach((i) => {
    const c = r.contactsUrgence[i - 1];
    v[`contact${i}Nom`] = c?.nom ?? '';
    v[`contact${i}Lien`] = c?.lien ?? '';
    v[`contact${i}Tel`] = c?.telephone ?? '';
  });
  SERVICE_SLOTS.forEach((i) => {
    const s = r.servicesDomicile[i - 1];
    v[`service${i}Nom`] = s?.nom ?? '';
    v[`service${i}Tel`] = s?.telephone ?? '';
    v[`service${i}Passages`] = s?.passages ?? '';
  });
  return v;
}
