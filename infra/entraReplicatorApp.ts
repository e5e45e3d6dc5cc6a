import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { DEFAULT_DISPLAY_NAME, KeyVaultConfig } from "./config";
import { validateEntraReplicatorArgs } from "./entraReplicatorArgs";
import { KeyVaultMirror, KeyVaultMirrorOutput } from "./keyVaultMirror";
import { adminConsentUrl, appRoleIdOf, MICROSOFT_GRAPH_APP_ID, USER_READ_ALL } from "./microsoftGraph";
import { roger365Form, Roger365Form } from "../sync/contract";
import { parseRotationState } from "./rotationState";
import { planSecretRotation, RotationPlan, RotationState, SlotSecret } from "./secretRotationPlan";
import type { SecretRotationPolicy, SlotName } from "./secretSchedule";

export interface EntraReplicatorAppArgs {
  /** Display name of the app registration, also the ROGER365 connection name. @default "ROGER365.io Azure Entra replicator" */
  displayName?: string;
  /** ISO 3166-1 alpha-2 default country for local phone numbers (validated by `validateReplicatorConfig`). */
  countryCode: string;
  /**
   * Object id of the pipeline's deployer service principal in this tenant: always an owner (with
   * `Application.ReadWrite.OwnedBy` it may only manage what it owns). Fixed, not taken from whoever runs
   * `pulumi up`: a person's local run would otherwise take ownership and the next scheduled run hand it back.
   */
  deployerObjectId: string;
  /** Owners besides the deployer. Owners that are users need the deployer to read users (`User.Read.All`). @default [] */
  ownerObjectIds?: string[];
  /** Grant admin consent to User.Read.All (needs a privileged deployer); otherwise output the consent URL only. @default true */
  grantAdminConsent?: boolean;
  /**
   * Adopt this existing consent (`/servicePrincipals/<Graph's SP>/appRoleAssignedTo/<id>`) instead of
   * creating one: Graph refuses a second identical assignment, e.g. after a Global Administrator used the
   * consent URL while grantAdminConsent was false. Harmless to keep once imported (same id → no-op).
   */
  adminConsentImportId?: string;
  /** The two-slot client-secret schedule. */
  secretRotation: SecretRotationPolicy;
  /** The time of this deployment: which rotation window is due (never read from the clock inside). */
  now: Date;
  /**
   * The `secretRotation` output of the stack's previous update (undefined on the first): a run replaces at
   * most the slot that is not current, so a stalled schedule never deletes the secret in use.
   */
  previousRotation?: pulumi.Input<object | undefined>;
  /** Mirror the current secret into Key Vault. @default undefined (no Key Vault resources) */
  keyVault?: KeyVaultConfig;
  /** Sign-in host of the tenant's cloud, for the admin-consent URL (see `loginHostOfEnvironment`). @default "login.microsoftonline.com" */
  loginHost?: string;
}

const SLOT_LABEL: Record<SlotName, string> = { a: "A", b: "B" };

/**
 * Everything the portal procedure did by hand for one tenant: the single-tenant app registration with
 * Microsoft Graph `User.Read.All` (application permission), its service principal, admin consent, two
 * staggered client secrets, and optionally a Key Vault copy of the current one.
 */
export class EntraReplicatorApp extends pulumi.ComponentResource {
  public readonly tenantId: pulumi.Output<string>;
  public readonly clientId: pulumi.Output<string>;
  public readonly applicationObjectId: pulumi.Output<string>;
  public readonly servicePrincipalObjectId: pulumi.Output<string>;
  public readonly clientSecret: pulumi.Output<string>;
  public readonly clientSecretExpiresAt: pulumi.Output<string>;
  public readonly clientSecretKeyId: pulumi.Output<string>;
  public readonly nextRotationAt: pulumi.Output<string>;
  /** What each slot holds after this update; read back by the next one (`previousRotation`). */
  public readonly secretRotation: pulumi.Output<RotationState>;
  public readonly secretSlotAKeyId: pulumi.Output<string>;
  public readonly secretSlotAExpiresAt: pulumi.Output<string>;
  public readonly secretSlotBKeyId: pulumi.Output<string>;
  public readonly secretSlotBExpiresAt: pulumi.Output<string>;
  public readonly adminConsentUrl: pulumi.Output<string>;
  public readonly countryCode: string;
  public readonly keyVault: KeyVaultMirrorOutput | undefined;
  public readonly roger365: Roger365Form<pulumi.Input<string>>;
  /** The admin-consent grant, for resources that must wait until the app may read users. */
  public readonly adminConsent: azuread.AppRoleAssignment | undefined;

  constructor(name: string, args: EntraReplicatorAppArgs, opts?: pulumi.ComponentResourceOptions) {
    validateEntraReplicatorArgs(name, args);
    super("entra-replicator:infra:EntraReplicatorApp", name, {}, opts);
    const displayName = args.displayName ?? DEFAULT_DISPLAY_NAME;
    const plan: pulumi.Output<RotationPlan> = pulumi
      .output(args.previousRotation)
      .apply((previous: object | undefined) => {
        const planned = planSecretRotation(args.secretRotation, args.now, parseRotationState(previous));
        for (const warning of planned.warnings) void pulumi.log.warn(warning, this);
        for (const notice of planned.notices) void pulumi.log.info(notice, this);
        return planned;
      });

    // Only for the tenant id (which azuread:tenantId fixes): never for owners, which must not depend on
    // who runs `pulumi up`.
    const deployer = azuread.getClientConfigOutput({ parent: this });
    // Looked up, never created or adopted: owning Microsoft Graph's service principal would make
    // `pulumi destroy` try to delete it.
    const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID }, { parent: this });
    const userReadAllRoleId = graph.appRoleIds.apply((ids) => appRoleIdOf(ids, USER_READ_ALL));
    const owners = [...new Set([args.deployerObjectId, ...(args.ownerObjectIds ?? [])])];
    const notes = `Managed by Pulumi (project ${pulumi.getProject()}, stack ${pulumi.getStack()}); changes made in the portal are reverted by the next scheduled pulumi up, which refreshes first. Client secrets rotate every ${args.secretRotation.rotationDays} days.`;

    const application = new azuread.Application(
      `${name}-app`,
      {
        displayName,
        signInAudience: "AzureADMyOrg",
        owners,
        notes,
        tags: ["entra-replicator", "managed-by-pulumi"],
        requiredResourceAccesses: [
          {
            resourceAppId: MICROSOFT_GRAPH_APP_ID,
            resourceAccesses: [{ id: userReadAllRoleId, type: "Role" }],
          },
        ],
      },
      { parent: this },
    );

    const servicePrincipal = new azuread.ServicePrincipal(
      `${name}-sp`,
      { clientId: application.clientId, owners, notes, appRoleAssignmentRequired: false },
      { parent: this },
    );

    this.adminConsent =
      (args.grantAdminConsent ?? true)
        ? new azuread.AppRoleAssignment(
            `${name}-admin-consent`,
            {
              appRoleId: userReadAllRoleId,
              principalObjectId: servicePrincipal.objectId,
              resourceObjectId: graph.objectId,
            },
            // Turning grantAdminConsent off later (e.g. a less privileged pipeline takes over) must not
            // revoke the consent the running sync depends on. `pulumi destroy` still removes it: Entra
            // deletes a service principal's app role assignments with the service principal.
            {
              parent: this,
              retainOnDelete: true,
              ...(args.adminConsentImportId === undefined ? {} : { import: args.adminConsentImportId }),
            },
          )
        : undefined;

    const slotPassword = (slot: SlotName) => {
      const held = plan.apply((planned): SlotSecret => planned.state.slots[slot]);
      return new azuread.ApplicationPassword(
        `${name}-secret-${slot}`,
        {
          applicationId: application.id,
          // Not derived from the app's display name: renaming the app must not re-issue the secrets.
          displayName: held.apply(
            (secret) => `entra-replicator slot ${SLOT_LABEL[slot]} from ${secret.windowStart.slice(0, 10)}`,
          ),
          // No startDate: Graph then starts the secret at creation; every input here forces a replacement,
          // so each one is a pure function of the window the slot holds.
          endDate: held.endDate,
          rotateWhenChanged: held.apply((secret) => ({
            slot,
            generation: String(secret.generation),
            windowStart: secret.windowStart,
          })),
        },
        { parent: this },
      );
    };
    const slotA = slotPassword("a");
    const slotB = slotPassword("b");
    const currentSlot = plan.apply((planned) => planned.state.current);
    const ofCurrent = <T>(a: pulumi.Output<T>, b: pulumi.Output<T>) =>
      pulumi
        .all([currentSlot, a, b])
        .apply(([current, valueA, valueB]) => (current === "a" ? valueA : valueB));

    this.tenantId = deployer.tenantId;
    this.clientId = application.clientId;
    this.applicationObjectId = application.objectId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.clientSecret = pulumi.secret(ofCurrent(slotA.value, slotB.value));
    this.clientSecretExpiresAt = ofCurrent(slotA.endDate, slotB.endDate);
    this.clientSecretKeyId = ofCurrent(slotA.keyId, slotB.keyId);
    this.nextRotationAt = plan.nextRotationAt;
    this.secretRotation = plan.state;
    this.secretSlotAKeyId = slotA.keyId;
    this.secretSlotAExpiresAt = slotA.endDate;
    this.secretSlotBKeyId = slotB.keyId;
    this.secretSlotBExpiresAt = slotB.endDate;
    this.adminConsentUrl = pulumi
      .all([deployer.tenantId, application.clientId])
      .apply(([tenantId, clientId]) => adminConsentUrl(tenantId, clientId, args.loginHost));
    this.countryCode = args.countryCode;

    const mirror = args.keyVault
      ? new KeyVaultMirror(
          `${name}-key-vault`,
          {
            vault: args.keyVault,
            clientId: application.clientId,
            secretValue: this.clientSecret,
            secretKeyId: this.clientSecretKeyId,
            expiresAt: this.clientSecretExpiresAt,
          },
          { parent: this },
        )
      : undefined;
    this.keyVault = mirror
      ? { vaultUri: mirror.vaultUri, secretName: mirror.secretName, secretId: mirror.secretId }
      : undefined;

    this.roger365 = roger365Form<pulumi.Input<string>>({
      name: displayName,
      tenantId: this.tenantId,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      countryCode: this.countryCode,
    });

    this.registerOutputs({
      tenantId: this.tenantId,
      clientId: this.clientId,
      applicationObjectId: this.applicationObjectId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      clientSecret: this.clientSecret,
      clientSecretExpiresAt: this.clientSecretExpiresAt,
      clientSecretKeyId: this.clientSecretKeyId,
      nextRotationAt: this.nextRotationAt,
      secretRotation: this.secretRotation,
      secretSlotAKeyId: this.secretSlotAKeyId,
      secretSlotAExpiresAt: this.secretSlotAExpiresAt,
      secretSlotBKeyId: this.secretSlotBKeyId,
      secretSlotBExpiresAt: this.secretSlotBExpiresAt,
      adminConsentUrl: this.adminConsentUrl,
      countryCode: this.countryCode,
      keyVault: this.keyVault,
      roger365: this.roger365,
    });
  }
}
