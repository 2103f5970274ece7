/**
 * The fixed cast of the demo organisation: Northwind Mutual, a fictional insurer with a payments
 * arm. Every name, domain and URL here is invented (`.example` domains, RFC 2606); vendor names
 * are real products, as in any real inventory.
 */
import type { Environment, Sensitivity } from "@/lib/domain/policies";

export const ORG_NAME = "Northwind Mutual";
export const ORG_DOMAIN = "northwind.example";

export type TeamKind = "application" | "platform" | "identity-governance" | "security" | "vendor-management";

export type CatalogTeam = { key: string; name: string; kind: TeamKind; size: number };

export const catalogTeams: readonly CatalogTeam[] = [
  { key: "payments", name: "Payments", kind: "application", size: 5 },
  { key: "customer-platform", name: "Customer Platform (CRM)", kind: "application", size: 5 },
  { key: "people-systems", name: "People Systems (HR)", kind: "application", size: 4 },
  { key: "data-analytics", name: "Data & Analytics", kind: "application", size: 4 },
  { key: "digital-channels", name: "Digital Channels", kind: "application", size: 5 },
  { key: "finance-systems", name: "Finance Systems", kind: "application", size: 4 },
  { key: "logistics", name: "Logistics & Fulfilment", kind: "application", size: 3 },
  { key: "document-services", name: "Document Services", kind: "application", size: 3 },
  { key: "claims", name: "Claims", kind: "application", size: 4 },
  { key: "integration-hub", name: "Integration Hub", kind: "application", size: 3 },
  { key: "platform-engineering", name: "Platform Engineering", kind: "platform", size: 4 },
  { key: "cloud-infrastructure", name: "Cloud Infrastructure", kind: "platform", size: 3 },
  { key: "identity-governance", name: "Identity Governance", kind: "identity-governance", size: 3 },
  { key: "security-operations", name: "Security Operations", kind: "security", size: 3 },
  { key: "vendor-management", name: "Vendor Management", kind: "vendor-management", size: 2 },
];

export const firstNames = [
  "Amara", "Bastian", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas",
  "Kavya", "Liam", "Mei", "Nikolai", "Olusegun", "Priya", "Quentin", "Rosa", "Sven", "Tamsin",
  "Umar", "Valentina", "Wojciech", "Ximena", "Yusuf", "Zoe", "Aoife", "Bruno", "Camille", "Dario",
  "Esther", "Felix", "Gabriela", "Hamza", "Ingrid", "Jamal", "Keiko", "Lorenzo", "Maja", "Nadia",
  "Oskar", "Paloma", "Rafael", "Saanvi", "Tobias", "Uma", "Viktor", "Wen", "Yara", "Zaid",
] as const;

export const lastNames = [
  "Okafor", "Lindqvist", "Moreau", "Petrov", "Yilmaz", "Haddad", "Schulz", "Tanaka", "Ferreira", "Berg",
  "Iyer", "O'Brien", "Chen", "Volkov", "Adeyemi", "Raman", "Laurent", "Navarro", "Nilsson", "Hughes",
  "Qureshi", "Romano", "Kowalski", "Castillo", "Demir", "Fischer", "Murphy", "Costa", "Dubois", "Ricci",
  "Cohen", "Wagner", "Alvarez", "Rahman", "Larsen", "Mensah", "Sato", "Bianchi", "Novak", "Karimi",
  "Eriksson", "Vidal", "Mendes", "Patel", "Hoffmann", "Kapoor", "Horvat", "Zhang", "Farouk", "Aziz",
] as const;

export type CatalogServer = {
  key: string;
  name: string;
  vendor: string;
  issuerUrl: string;
  tokenEndpoint: string;
  jwksUri: string;
  discoveryUrl: string;
  trustDomain: string;
  supportedAuthMethods: string[];
  supportedGrantTypes: string[];
  /** How this vendor's client ids look, for realism. */
  clientIdStyle: "okta" | "uuid" | "slug" | "auth0" | "onespan";
};

const ENTRA_TENANT = "5f0c8e1a-4b7d-4c3e-9a62-7d1e2b9c4f10";

export const catalogServers: readonly CatalogServer[] = [
  {
    key: "okta-workforce",
    name: "Okta (workforce)",
    vendor: "Okta",
    issuerUrl: "https://northwind.okta.example/oauth2/default",
    tokenEndpoint: "https://northwind.okta.example/oauth2/default/v1/token",
    jwksUri: "https://northwind.okta.example/oauth2/default/v1/keys",
    discoveryUrl: "https://northwind.okta.example/oauth2/default/.well-known/oauth-authorization-server",
    trustDomain: "corp.northwind.example",
    supportedAuthMethods: ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"],
    supportedGrantTypes: ["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange"],
    clientIdStyle: "okta",
  },
  {
    key: "entra-id",
    name: "Microsoft Entra ID",
    vendor: "Microsoft Entra ID",
    issuerUrl: `https://login.microsoftonline.example/${ENTRA_TENANT}/v2.0`,
    tokenEndpoint: `https://login.microsoftonline.example/${ENTRA_TENANT}/oauth2/v2.0/token`,
    jwksUri: `https://login.microsoftonline.example/${ENTRA_TENANT}/discovery/v2.0/keys`,
    discoveryUrl: `https://login.microsoftonline.example/${ENTRA_TENANT}/v2.0/.well-known/openid-configuration`,
    trustDomain: "corp.northwind.example",
    supportedAuthMethods: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
    supportedGrantTypes: ["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer", "implicit", "password"],
    clientIdStyle: "uuid",
  },
  {
    key: "keycloak-services",
    name: "Keycloak (internal services)",
    vendor: "Keycloak",
    issuerUrl: "https://sso.internal.northwind.example/realms/services",
    tokenEndpoint: "https://sso.internal.northwind.example/realms/services/protocol/openid-connect/token",
    jwksUri: "https://sso.internal.northwind.example/realms/services/protocol/openid-connect/certs",
    discoveryUrl: "https://sso.internal.northwind.example/realms/services/.well-known/openid-configuration",
    trustDomain: "services.northwind.example",
    supportedAuthMethods: ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "tls_client_auth"],
    supportedGrantTypes: ["authorization_code", "client_credentials", "refresh_token", "password", "urn:ietf:params:oauth:grant-type:token-exchange"],
    clientIdStyle: "slug",
  },
  {
    key: "auth0-customer",
    name: "Auth0 (customer identity)",
    vendor: "Auth0",
    issuerUrl: "https://northwind.eu.auth0.example/",
    tokenEndpoint: "https://northwind.eu.auth0.example/oauth/token",
    jwksUri: "https://northwind.eu.auth0.example/.well-known/jwks.json",
    discoveryUrl: "https://northwind.eu.auth0.example/.well-known/openid-configuration",
    trustDomain: "customers.northwind.example",
    supportedAuthMethods: ["client_secret_basic", "client_secret_post", "private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth", "none"],
    supportedGrantTypes: ["authorization_code", "client_credentials", "refresh_token", "implicit", "password"],
    clientIdStyle: "auth0",
  },
  {
    key: "onespan-sign",
    name: "OneSpan Sign",
    vendor: "OneSpan",
    issuerUrl: "https://sign.onespan.example",
    tokenEndpoint: "https://sign.onespan.example/oauth2/token",
    jwksUri: "https://sign.onespan.example/oauth2/jwks",
    discoveryUrl: "https://sign.onespan.example/.well-known/oauth-authorization-server",
    trustDomain: "saas.onespan.example",
    supportedAuthMethods: ["client_secret_basic", "client_secret_post"],
    supportedGrantTypes: ["client_credentials"],
    clientIdStyle: "onespan",
  },
];

export type CatalogScope = { name: string; description: string; privilege: "read" | "write" | "admin" };

export type CatalogApi = {
  key: string;
  name: string;
  audience: string;
  trustZone: string;
  sensitivity: Sensitivity;
  team: string;
  /** The authorization server that issues its tokens. */
  server: string;
  scopes: CatalogScope[];
};

const r = (name: string, description: string): CatalogScope => ({ name, description, privilege: "read" });
const w = (name: string, description: string): CatalogScope => ({ name, description, privilege: "write" });
const a = (name: string, description: string): CatalogScope => ({ name, description, privilege: "admin" });

export const catalogApis: readonly CatalogApi[] = [
  {
    key: "payments-api", name: "Payments API", audience: "https://api.northwind.example/payments", trustZone: "pci", sensitivity: "critical", team: "payments", server: "keycloak-services",
    scopes: [r("payments.read", "Read payment status"), w("payments.initiate", "Initiate payments"), w("payments.refund", "Refund payments"), a("payments.admin", "Manage merchants and limits")],
  },
  {
    key: "card-vault-api", name: "Card Vault API", audience: "https://api.northwind.example/card-vault", trustZone: "pci", sensitivity: "critical", team: "payments", server: "keycloak-services",
    scopes: [w("cards.tokenize", "Tokenise a card number"), w("cards.detokenize", "Recover a card number from its token"), a("vault.admin", "Manage vault keys")],
  },
  {
    key: "fraud-api", name: "Fraud Scoring API", audience: "https://api.northwind.example/fraud", trustZone: "pci", sensitivity: "high", team: "payments", server: "keycloak-services",
    scopes: [r("fraud.score", "Score a transaction"), w("fraud.rules.write", "Change scoring rules")],
  },
  {
    key: "ledger-api", name: "General Ledger API", audience: "https://api.northwind.example/ledger", trustZone: "finance", sensitivity: "high", team: "finance-systems", server: "keycloak-services",
    scopes: [r("ledger.read", "Read journal entries"), w("ledger.post", "Post journal entries"), a("ledger.close-period", "Close an accounting period")],
  },
  {
    key: "billing-api", name: "Billing API", audience: "https://api.northwind.example/billing", trustZone: "finance", sensitivity: "high", team: "finance-systems", server: "keycloak-services",
    scopes: [r("invoices.read", "Read invoices"), w("invoices.write", "Create and void invoices")],
  },
  {
    key: "crm-api", name: "CRM API", audience: "https://api.northwind.example/crm", trustZone: "core", sensitivity: "high", team: "customer-platform", server: "okta-workforce",
    scopes: [r("crm.contacts.read", "Read contacts"), w("crm.contacts.write", "Create and update contacts"), r("crm.accounts.read", "Read accounts"), a("crm.admin", "Manage CRM configuration")],
  },
  {
    key: "customer-profile-api", name: "Customer Profile API", audience: "https://api.northwind.example/customer-profile", trustZone: "core", sensitivity: "high", team: "customer-platform", server: "auth0-customer",
    scopes: [r("profile.read", "Read customer profiles"), w("profile.write", "Update customer profiles"), r("consent.read", "Read marketing consent")],
  },
  {
    key: "hr-api", name: "HR Core API", audience: "api://northwind-hr-core", trustZone: "hr-restricted", sensitivity: "critical", team: "people-systems", server: "entra-id",
    scopes: [r("hr.workers.read", "Read worker records"), w("hr.workers.write", "Update worker records"), r("hr.compensation.read", "Read compensation"), a("hr.admin", "Administer the HR tenant")],
  },
  {
    key: "payroll-api", name: "Payroll API", audience: "api://northwind-payroll", trustZone: "hr-restricted", sensitivity: "critical", team: "people-systems", server: "entra-id",
    scopes: [r("payroll.read", "Read payroll runs"), w("payroll.submit", "Submit payroll changes")],
  },
  {
    key: "scim-api", name: "SCIM Provisioning API", audience: "api://northwind-scim", trustZone: "core", sensitivity: "critical", team: "identity-governance", server: "entra-id",
    scopes: [r("scim.users.read", "Read users"), w("scim.users.write", "Create, update and disable users"), w("scim.groups.write", "Change group membership"), a("scim.admin", "Manage the provisioning tenant")],
  },
  {
    key: "signing-api", name: "OneSpan Sign API", audience: "https://sign.onespan.example/api", trustZone: "saas-external", sensitivity: "high", team: "document-services", server: "onespan-sign",
    scopes: [r("transactions.read", "Read signing transactions"), w("transactions.write", "Create and send signing transactions"), r("templates.read", "Read document templates"), a("account.admin", "Manage the OneSpan Sign account")],
  },
  {
    key: "documents-api", name: "Document Store API", audience: "https://api.northwind.example/documents", trustZone: "core", sensitivity: "moderate", team: "document-services", server: "keycloak-services",
    scopes: [r("documents.read", "Read documents"), w("documents.write", "Store documents"), a("documents.purge", "Purge documents under retention rules")],
  },
  {
    key: "claims-api", name: "Claims API", audience: "https://api.northwind.example/claims", trustZone: "core", sensitivity: "high", team: "claims", server: "keycloak-services",
    scopes: [r("claims.read", "Read claims"), w("claims.write", "Open and update claims"), w("claims.approve", "Approve claim payouts")],
  },
  {
    key: "orders-api", name: "Orders API", audience: "https://api.northwind.example/orders", trustZone: "core", sensitivity: "moderate", team: "digital-channels", server: "auth0-customer",
    scopes: [r("orders.read", "Read orders"), w("orders.write", "Place and amend orders")],
  },
  {
    key: "catalog-api", name: "Product Catalog API", audience: "https://api.northwind.example/catalog", trustZone: "partner-edge", sensitivity: "low", team: "digital-channels", server: "auth0-customer",
    scopes: [r("catalog.read", "Read products and prices"), w("catalog.write", "Publish products and prices")],
  },
  {
    key: "shipping-api", name: "Shipping & Tracking API", audience: "https://api.northwind.example/shipping", trustZone: "partner-edge", sensitivity: "moderate", team: "logistics", server: "okta-workforce",
    scopes: [r("shipments.read", "Track shipments"), w("shipments.write", "Book shipments"), w("labels.create", "Print shipping labels")],
  },
  {
    key: "warehouse-api", name: "Data Warehouse Query API", audience: "https://api.northwind.example/warehouse", trustZone: "analytics", sensitivity: "high", team: "data-analytics", server: "okta-workforce",
    scopes: [r("warehouse.read", "Run read-only queries"), w("warehouse.export", "Export result sets"), a("warehouse.admin", "Manage schemas and grants")],
  },
  {
    key: "notifications-api", name: "Notifications API", audience: "https://api.northwind.example/notifications", trustZone: "core", sensitivity: "low", team: "platform-engineering", server: "keycloak-services",
    scopes: [w("notify.send", "Send e-mail, SMS and push messages"), r("templates.read", "Read message templates")],
  },
  {
    key: "kyc-api", name: "KYC Verification API", audience: "https://api.northwind.example/kyc", trustZone: "partner-edge", sensitivity: "high", team: "integration-hub", server: "okta-workforce",
    scopes: [w("kyc.verify", "Start an identity verification"), r("kyc.read", "Read verification results")],
  },
  {
    key: "legacy-gateway", name: "Legacy Mainframe Gateway", audience: "urn:northwind:mainframe-gateway", trustZone: "core", sensitivity: "high", team: "integration-hub", server: "keycloak-services",
    scopes: [r("mainframe.read", "Read mainframe records"), w("all", "Every mainframe transaction (legacy catch-all)")],
  },
  {
    key: "observability-api", name: "Logs & Metrics API", audience: "https://api.northwind.example/observability", trustZone: "core", sensitivity: "moderate", team: "cloud-infrastructure", server: "keycloak-services",
    scopes: [w("logs.write", "Ship logs"), w("metrics.write", "Ship metrics"), r("logs.read", "Search logs")],
  },
];

/** A workload and the environments it runs in; one application record per environment. */
export type CatalogApp = {
  key: string;
  name: string;
  team: string;
  trustZone: string;
  envs: Environment[];
  /** The APIs it calls: one client per API is the healthy pattern. */
  calls: string[];
  thirdParty?: boolean;
  autonomous?: boolean;
  retired?: boolean;
  /** Runtime, for SDK names. */
  stack: "java" | "dotnet" | "node" | "python" | "go";
};

export const catalogApps: readonly CatalogApp[] = [
  { key: "checkout", name: "Checkout service", team: "digital-channels", trustZone: "core", envs: ["production", "staging", "development"], calls: ["orders-api", "payments-api", "catalog-api", "fraud-api"], stack: "java" },
  { key: "mobile-backend", name: "Mobile app backend", team: "digital-channels", trustZone: "core", envs: ["production", "staging"], calls: ["customer-profile-api", "orders-api", "notifications-api"], stack: "node" },
  { key: "payment-orchestrator", name: "Payment orchestrator", team: "payments", trustZone: "pci", envs: ["production", "staging", "test"], calls: ["payments-api", "card-vault-api", "fraud-api", "ledger-api"], stack: "java" },
  { key: "settlement-batch", name: "Settlement batch job", team: "payments", trustZone: "pci", envs: ["production", "staging"], calls: ["payments-api", "ledger-api", "billing-api"], autonomous: true, stack: "java" },
  { key: "crm-sync", name: "CRM sync service", team: "customer-platform", trustZone: "core", envs: ["production", "staging", "development"], calls: ["crm-api", "customer-profile-api", "notifications-api"], stack: "dotnet" },
  { key: "crm-signing", name: "CRM signing integration", team: "customer-platform", trustZone: "core", envs: ["production", "staging"], calls: ["signing-api", "documents-api", "crm-api"], thirdParty: true, autonomous: true, stack: "java" },
  { key: "salesforce-connector", name: "Salesforce connector", team: "customer-platform", trustZone: "saas-external", envs: ["production"], calls: ["crm-api", "customer-profile-api"], thirdParty: true, autonomous: true, stack: "node" },
  { key: "workday-integration", name: "Workday integration", team: "people-systems", trustZone: "hr-restricted", envs: ["production", "test"], calls: ["hr-api", "payroll-api", "scim-api"], thirdParty: true, autonomous: true, stack: "dotnet" },
  { key: "hr-portal", name: "Employee self-service portal", team: "people-systems", trustZone: "hr-restricted", envs: ["production", "staging"], calls: ["hr-api", "documents-api", "payroll-api"], stack: "dotnet" },
  { key: "payroll-export", name: "Legacy payroll export", team: "people-systems", trustZone: "hr-restricted", envs: ["production"], calls: ["payroll-api", "legacy-gateway"], retired: true, autonomous: true, stack: "java" },
  { key: "analytics-pipeline", name: "Analytics ingestion pipeline", team: "data-analytics", trustZone: "analytics", envs: ["production", "development"], calls: ["warehouse-api", "orders-api", "crm-api", "claims-api"], autonomous: true, stack: "python" },
  { key: "bi-dashboards", name: "BI dashboards (Tableau Cloud)", team: "data-analytics", trustZone: "saas-external", envs: ["production"], calls: ["warehouse-api"], thirdParty: true, stack: "python" },
  { key: "claims-engine", name: "Claims engine", team: "claims", trustZone: "core", envs: ["production", "staging", "development"], calls: ["claims-api", "documents-api", "fraud-api", "payments-api"], stack: "java" },
  { key: "claims-assistant", name: "Claims triage assistant (AI agent)", team: "claims", trustZone: "core", envs: ["production", "staging"], calls: ["claims-api", "documents-api", "customer-profile-api"], autonomous: true, stack: "python" },
  { key: "fulfilment", name: "Fulfilment service", team: "logistics", trustZone: "core", envs: ["production", "staging"], calls: ["shipping-api", "orders-api", "notifications-api"], stack: "go" },
  { key: "carrier-gateway", name: "Carrier partner gateway", team: "logistics", trustZone: "partner-edge", envs: ["production"], calls: ["shipping-api"], thirdParty: true, autonomous: true, stack: "go" },
  { key: "erp-finance", name: "ERP finance integration", team: "finance-systems", trustZone: "finance", envs: ["production", "staging"], calls: ["ledger-api", "billing-api", "payments-api"], autonomous: true, stack: "java" },
  { key: "invoice-mailer", name: "Invoice mailer", team: "finance-systems", trustZone: "finance", envs: ["production"], calls: ["billing-api", "notifications-api"], retired: true, autonomous: true, stack: "node" },
  { key: "ci-deployer", name: "CI/CD deployment pipeline", team: "platform-engineering", trustZone: "core", envs: ["production"], calls: ["observability-api", "notifications-api", "legacy-gateway"], autonomous: true, stack: "go" },
  { key: "observability-agent", name: "Observability agent", team: "cloud-infrastructure", trustZone: "core", envs: ["production", "staging", "development"], calls: ["observability-api"], autonomous: true, stack: "go" },
  { key: "identity-provisioner", name: "Identity provisioning service", team: "identity-governance", trustZone: "core", envs: ["production"], calls: ["scim-api", "hr-api"], autonomous: true, stack: "dotnet" },
  { key: "kyc-onboarding", name: "Customer onboarding (KYC)", team: "integration-hub", trustZone: "partner-edge", envs: ["production", "staging"], calls: ["kyc-api", "customer-profile-api", "crm-api"], stack: "node" },
  { key: "mainframe-bridge", name: "Mainframe bridge", team: "integration-hub", trustZone: "core", envs: ["production"], calls: ["legacy-gateway", "ledger-api"], autonomous: true, stack: "java" },
  { key: "mobile-v1", name: "Mobile app v1 backend", team: "digital-channels", trustZone: "core", envs: ["production"], calls: ["orders-api", "customer-profile-api"], retired: true, stack: "node" },
  { key: "esign-migration", name: "E-signature migration tool", team: "document-services", trustZone: "core", envs: ["production"], calls: ["signing-api", "documents-api"], retired: true, autonomous: true, stack: "python" },
  { key: "secret-scanner", name: "Secret scanning service", team: "security-operations", trustZone: "core", envs: ["production"], calls: ["observability-api", "notifications-api"], autonomous: true, stack: "go" },
  { key: "vendor-portal", name: "Vendor onboarding portal", team: "vendor-management", trustZone: "partner-edge", envs: ["production"], calls: ["documents-api", "signing-api"], thirdParty: true, stack: "node" },
];

/** Client libraries per runtime and vendor, as "name@version". */
export const sdksByStack: Record<CatalogApp["stack"], readonly string[]> = {
  java: ["spring-security-oauth2-client@6.3.4", "nimbus-oauth2-oidc-sdk@11.20", "msal4j@1.17.2"],
  dotnet: ["Microsoft.Identity.Client (MSAL.NET)@4.65.0", "IdentityModel@7.0.0", "Duende.AccessTokenManagement@3.0.1"],
  node: ["openid-client@6.1.7", "@okta/okta-sdk-nodejs@7.1.1", "auth0@4.12.0"],
  python: ["Authlib@1.3.2", "requests-oauthlib@2.0.0", "msal@1.31.0"],
  go: ["golang.org/x/oauth2@0.23.0", "github.com/coreos/go-oidc/v3@3.11.0"],
};

/** Extra credentials a workload accumulates besides its API clients. */
export const extraComponents = [
  { label: "nightly reconciliation worker", kind: "oauth_client" },
  { label: "webhook signing key", kind: "api_key" },
  { label: "deploy service account", kind: "service_account_key" },
  { label: "mTLS client certificate", kind: "certificate" },
  { label: "release bot token", kind: "personal_access_token" },
  { label: "reporting worker", kind: "oauth_client" },
  { label: "queue consumer", kind: "oauth_client" },
  { label: "cloud storage key", kind: "service_account_key" },
  { label: "partner callback key", kind: "api_key" },
] as const;
