// The form of every setting. Typed over SettingKey: a setting added to SETTINGS in shared/ without a
// form here is a type error, so "a schema and a form" is all a new setting needs.
import type { SettingKey } from '../../../../shared/settings.js';
import { BusinessHoursForm } from './BusinessHoursForm.js';
import { HolidaysForm } from './HolidaysForm.js';
import { OrganisationForm } from './OrganisationForm.js';
import { RegionsForm } from './RegionsForm.js';
import type { SettingForm } from './setting-form.js';
import { TimeZoneForm } from './TimeZoneForm.js';
import { SlaPoliciesForm } from './SlaPoliciesForm.js';
import { PriorityGuidanceForm } from './PriorityGuidanceForm.js';
import { MailIntakeForm } from './MailIntakeForm.js';
import { AssignmentRulesForm } from './AssignmentRulesForm.js';
import { EscalationRulesForm } from './EscalationRulesForm.js';
import { DataImportForm } from './DataImportForm.js';

export const SETTING_FORMS: { readonly [K in SettingKey]: SettingForm<K> } = {
  organisation: OrganisationForm,
  timeZone: TimeZoneForm,
  businessHours: BusinessHoursForm,
  holidays: HolidaysForm,
  regions: RegionsForm,
  slaPolicies: SlaPoliciesForm,
  priorityGuidance: PriorityGuidanceForm,
  mailIntake: MailIntakeForm,
  assignmentRules: AssignmentRulesForm,
  escalationRules: EscalationRulesForm,
  dataImport: DataImportForm,
};
