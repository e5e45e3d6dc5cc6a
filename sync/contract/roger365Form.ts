/**
 * The ROGER365.io "CRM replicator" form, field by field, with the labels exactly as the form shows them.
 * Written by the Pulumi program (the `roger365` stack output), read by the sync and the scripts.
 */
export const ROGER365_FORM_LABELS = [
  "Name",
  "Type",
  "Tenant Id",
  "Client id",
  "Client Secret",
  "Contact URL",
  "Country Code",
] as const;

export type Roger365FormLabel = (typeof ROGER365_FORM_LABELS)[number];

/** The form's connection type for Microsoft Entra ID. */
export const ROGER365_CONNECTION_TYPE = "MicrosoftEntra";

export type Roger365Form<T = string> = Record<Roger365FormLabel, T>;

export interface Roger365FormValues<T> {
  name: T;
  tenantId: T;
  clientId: T;
  clientSecret: T;
  countryCode: T;
}

/** Contact URL stays blank: ROGER365 reads contacts from Microsoft Graph, not from a URL. */
export function roger365Form<T>(values: Roger365FormValues<T>): Roger365Form<T | string> {
  return {
    Name: values.name,
    Type: ROGER365_CONNECTION_TYPE,
    "Tenant Id": values.tenantId,
    "Client id": values.clientId,
    "Client Secret": values.clientSecret,
    "Contact URL": "",
    "Country Code": values.countryCode,
  };
}
