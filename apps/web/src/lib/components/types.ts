import type { LucideIcon } from '@lucide/svelte';

/** Visual variants shared by Button and LinkButton. */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

/** Status tones: one per lifecycle state family; always shown with a text label. */
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

/** An icon component from @lucide/svelte (e.g. `import House from '@lucide/svelte/icons/house'`). */
export type IconComponent = LucideIcon;

/** Option of a Select, RadioGroup or CheckboxGroup. */
export interface Option {
  value: string;
  label: string;
  /** Extra help under a radio/checkbox label. */
  hint?: string;
  disabled?: boolean;
}

/** An error for ErrorSummary: `fieldId` is the id of the input (or fieldset) in error. */
export interface FieldError {
  fieldId: string;
  message: string;
}

/** Navigation entry of the AppShell. */
export interface NavItem {
  href: string;
  label: string;
  icon?: IconComponent;
  /** What waits for the user (badge); 0 or undefined hides the badge. */
  count?: number;
  /** Short sentence for screen readers, e.g. "3 orientations en attente". Defaults to "N en attente". */
  countLabel?: string;
  /** Optional sub-entries (e.g. Orientations: Reçues / Envoyées / À router). */
  children?: NavItem[];
}

export interface Membership {
  id: string;
  organisationName: string;
  role: string;
}

export interface ShellUser {
  name: string;
  email: string;
}

/** Column of a Table. */
export interface Column<K extends string = string> {
  key: K;
  label: string;
  align?: 'start' | 'end' | 'center';
  /** Hide the column label on cards (e.g. the title cell which heads the card). */
  primary?: boolean;
  /** Column can be sorted server-side (needs Table's `sortHref`). */
  sortable?: boolean;
  /** Visually hide the header (still read by screen readers), e.g. an "Actions" column. */
  hideLabel?: boolean;
}

export interface SortState {
  key: string;
  direction: 'asc' | 'desc';
}

/** Tab of the Tabs component. */
export interface TabItem {
  id: string;
  label: string;
  /** Small counter after the label (e.g. number of documents). */
  count?: number;
  disabled?: boolean;
}

/** What CheckboxGroup and RadioGroup share (their fieldset, see ChoiceGroup.svelte). */
export interface ChoiceGroupProps {
  legend: string;
  name: string;
  options: Option[];
  /** Fieldset id; ErrorSummary links to it and focuses the selected or first choice. */
  id?: string;
  required?: boolean;
  hint?: string;
  error?: string | null;
  /** Display options side by side on wide screens. */
  inline?: boolean;
  /** Render the legend as a page-level question (larger). */
  legendSize?: 'md' | 'lg';
}
