import path from "node:path";
import { ExitCode, ReplicatorError } from "../errors";
import { DEFAULT_DELETION_GUARD, type DeletionGuardPolicy } from "../engine/deletionGuard";
import { CLOUD_NAMES, CLOUDS, type CloudName } from "./clouds";
import { parseDefaultCountry } from "./country";

/** Every setting, as any one source (flags, config file, environment, stack outputs) may give it. */
export interface SettingsInput {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** @default "public" */
  cloud?: string;
  /** Overrides the cloud's authority host, e.g. "https://login.microsoftonline.us". */
  authorityHost?: string;
  /** Overrides the cloud's Graph endpoint, e.g. "https://graph.microsoft.com". */
  graphEndpoint?: string;
  /** @default "entra-replicator.db" in the working directory */
  storePath?: string;
  /** ISO 3166-1 alpha-2 ("NL") or calling code ("31") for numbers written without a country code. */
  defaultCountry?: string;
  /** @default false */
  includeGuests?: boolean;
  /** @default false */
  includeDisabled?: boolean;
  /** @default DEFAULT_DELETION_GUARD.maxDeletes */
  maxDeletes?: number;
  /** @default DEFAULT_DELETION_GUARD.maxDeletePercent */
  maxDeletePercent?: number;
  /** Approves deletions beyond the guard's thresholds. @default false */
  allowDeletes?: boolean;
  /** Asks Graph for at most this many users per page (`Prefer: odata.maxpagesize`). @default Graph's own */
  pageSize?: number;
}

export type SettingName = keyof SettingsInput;

/** One source of settings, with how to name each field to the user when its value is wrong. */
export interface SettingsLayer {
  values: SettingsInput;
  describe(field: SettingName): string;
}

export interface EndpointSettings {
  cloud: CloudName;
  authorityHost: string;
  graphEndpoint: string;
}

export interface CredentialSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface StoreSettings {
  storePath: string;
  defaultCountry: string | null;
}

export interface SyncSettings extends EndpointSettings, CredentialSettings, StoreSettings {
  scope: { includeGuests: boolean; includeDisabled: boolean };
  deletionGuard: DeletionGuardPolicy;
  pageSize: number | null;
}

export const DEFAULT_STORE_FILE = "entra-replicator.db";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Picks each setting from the first layer that has it (layers are given highest precedence first)
 * and validates it, naming the field as the user wrote it (`--tenant-id`, `AZURE_TENANT_ID`, …).
 */
export class SettingsResolver {
  constructor(private readonly layers: readonly SettingsLayer[]) {}

  private pick<K extends SettingName>(field: K): { value: SettingsInput[K]; label: string } | null {
    for (const layer of this.layers) {
      const value = layer.values[field];
      if (value !== undefined && value !== "") return { value, label: layer.describe(field) };
    }
    return null;
  }

  /** Every client secret any layer holds, valid or not: output is scrubbed of each of them. */
  knownSecrets(): string[] {
    return this.layers
      .map((layer) => layer.values.clientSecret)
      .filter((secret): secret is string => secret !== undefined);
  }

  endpoints(): EndpointSettings {
    const cloudPick = this.pick("cloud");
    const cloud = (cloudPick?.value ?? "public").toLowerCase();
    if (!isCloudName(cloud)) {
      throw invalid(
        "cloud",
        cloudPick?.label ?? "cloud",
        `'${cloudPick?.value}' is not a known cloud.`,
        `Use one of: ${CLOUD_NAMES.join(", ")}.`,
      );
    }
    return {
      cloud,
      authorityHost: this.httpsUrl("authorityHost") ?? CLOUDS[cloud].authorityHost,
      graphEndpoint: this.httpsUrl("graphEndpoint") ?? CLOUDS[cloud].graphEndpoint,
    };
  }

  credentials(): CredentialSettings {
    return {
      tenantId: this.guid("tenantId", "the Directory (tenant) ID of the Entra tenant"),
      clientId: this.guid("clientId", "the Application (client) ID of the replicator app"),
      clientSecret: this.required("clientSecret", "the replicator app's client secret").value,
    };
  }

  store(): StoreSettings {
    const storePick = this.pick("storePath");
    const countryPick = this.pick("defaultCountry");
    let defaultCountry: string | null = null;
    if (countryPick !== null) {
      defaultCountry = parseDefaultCountry(countryPick.value ?? "");
      if (defaultCountry === null) {
        throw invalid(
          "defaultCountry",
          countryPick.label,
          `'${countryPick.value}' is not a country code.`,
          'Use an ISO 3166-1 alpha-2 code such as "NL" or "GB", or a calling code such as "31".',
        );
      }
    }
    return { storePath: path.resolve(storePick?.value ?? DEFAULT_STORE_FILE), defaultCountry };
  }

  sync(): SyncSettings {
    const maxDeletes = this.integer("maxDeletes", 0, Number.MAX_SAFE_INTEGER);
    const maxDeletePercent = this.number("maxDeletePercent", 0, 100);
    return {
      ...this.endpoints(),
      ...this.credentials(),
      ...this.store(),
      scope: {
        includeGuests: this.pick("includeGuests")?.value ?? false,
        includeDisabled: this.pick("includeDisabled")?.value ?? false,
      },
      deletionGuard: {
        maxDeletes: maxDeletes ?? DEFAULT_DELETION_GUARD.maxDeletes,
        maxDeletePercent: maxDeletePercent ?? DEFAULT_DELETION_GUARD.maxDeletePercent,
        allowDeletes: this.pick("allowDeletes")?.value ?? DEFAULT_DELETION_GUARD.allowDeletes,
      },
      pageSize: this.integer("pageSize", 1, 999),
    };
  }

  private required<K extends "tenantId" | "clientId" | "clientSecret">(field: K, what: string) {
    const picked = this.pick(field);
    if (picked === null || picked.value === undefined) {
      throw new ReplicatorError({
        code: "setting-missing",
        field,
        message: `${what} (${field}) is not set.`,
        fix: `Set ${this.describeEverywhere(field)}, or pass --stack-outputs with the output of \`pulumi stack output --json --show-secrets\`.`,
        exitCode: ExitCode.Usage,
      });
    }
    return { value: picked.value, label: picked.label };
  }

  private guid(field: "tenantId" | "clientId", what: string): string {
    const { value, label } = this.required(field, what);
    const trimmed = value.trim();
    if (!GUID.test(trimmed)) {
      throw invalid(
        field,
        label,
        `'${trimmed}' is not a GUID.`,
        `Use ${what}: a GUID like 00000000-0000-0000-0000-000000000000 (see \`pulumi stack output ${field}\`).`,
      );
    }
    return trimmed.toLowerCase();
  }

  private httpsUrl(field: "authorityHost" | "graphEndpoint"): string | null {
    const picked = this.pick(field);
    if (picked === null) return null;
    let url: URL;
    try {
      url = new URL(picked.value ?? "");
    } catch {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' is not a URL.`,
        "Give an https URL such as https://graph.microsoft.com.",
      );
    }
    if (url.protocol !== "https:" || (url.pathname !== "/" && url.pathname !== "") || url.search !== "") {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' must be an https origin without a path or query.`,
        "Give only scheme, host and port, such as https://graph.microsoft.com.",
      );
    }
    return url.origin;
  }

  private number(field: "maxDeletePercent", min: number, max: number): number | null {
    const picked = this.pick(field);
    if (picked === null) return null;
    const value = Number(picked.value);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' is out of range.`,
        `Give a number from ${min} to ${max}.`,
      );
    }
    return value;
  }

  private integer(field: "maxDeletes" | "pageSize", min: number, max: number): number | null {
    const picked = this.pick(field);
    if (picked === null) return null;
    const value = Number(picked.value);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' is not a whole number from ${min} to ${max}.`,
        `Give a whole number from ${min} to ${max}.`,
      );
    }
    return value;
  }

  private describeEverywhere(field: SettingName): string {
    return [...new Set(this.layers.map((layer) => layer.describe(field)))].join(" or ");
  }
}

function isCloudName(value: string): value is CloudName {
  return (CLOUD_NAMES as string[]).includes(value);
}

function invalid(field: SettingName, label: string, problem: string, fix: string): ReplicatorError {
  return new ReplicatorError({
    code: "setting-invalid",
    field,
    message: `${label}: ${problem}`,
    fix,
    exitCode: ExitCode.Usage,
  });
}
