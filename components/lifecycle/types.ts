import type { CredentialViewer } from "@/lib/server/inventory/credential-tabs";

/** What every section of a credential's Lifecycle tab receives (server components): who looks, at what. */
export type LifecycleSectionProps = {
  credentialId: string;
  viewer: CredentialViewer;
};
