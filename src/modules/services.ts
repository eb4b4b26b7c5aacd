import type { Db } from "../db/database.js";
import type { CallbackPolicy } from "../events/callback-policy.js";
import { Outbox, type Projection } from "../events/outbox.js";
import type { PartDescription, ResourceDescription } from "../resource/description.js";
import { ResourceStore } from "../resource/resource-store.js";
import type { ResourceService, ResourceServices } from "../resource/service.js";
import { HubService, hubPartitions, type HubLimits } from "./hub/hub.service.js";
import { BillingAccountService } from "./account/billing-account.service.js";
import { AccountLedger } from "./account/ledger.js";
import { FinancialAccountService } from "./account/financial-account.service.js";
import { CrudService } from "./common/crud.service.js";
import { CustomerBillOnDemandService } from "./bill/customer-bill-on-demand.service.js";
import { CustomerBillService } from "./bill/customer-bill.service.js";
import { AppliedCustomerBillingRateService } from "./bill/applied-customer-billing-rate.service.js";
import { CustomerService } from "./customer/customer.service.js";
import { AuthorizePaymentService } from "./payment/authorize-payment.service.js";
import { InitiatePaymentService } from "./payment/initiate-payment.service.js";
import { PaymentService } from "./payment/payment.service.js";
import { RefundService } from "./payment/refund.service.js";
import { StoredPaymentMethods } from "./payment-method/payment-method.rules.js";
import { PartyRoleService } from "./party-role/party-role.service.js";
import { PARTY_ROLE_DEFAULTS, type PartyRoleSettings } from "./party-role/party-role.rules.js";
import { knownScopes } from "../auth/scopes.js";
import { componentRoleScopes } from "./components.js";
import { PARTS, REGISTRY, tmfApisOf, type Registration } from "./registry.js";

/**
 * The services with domain operations of their own (the others are CrudServices of the registry),
 * by the TMF name of their resource; `resources`: the registry's descriptions (what refers to what).
 */
function createDomainServices(
  db: Db,
  outbox: Outbox,
  resources: readonly ResourceDescription[],
  served: readonly ResourceDescription[],
  partyRoles: PartyRoleSettings,
) {
  const customers = new CustomerService(db, outbox);
  const ledger = new AccountLedger();
  const customerBills = new CustomerBillService(db, outbox, ledger);
  const paymentMethods = new StoredPaymentMethods(db);
  const payments = new PaymentService(db, outbox, ledger, customerBills, paymentMethods);
  const authorizePayments = new AuthorizePaymentService(db, outbox, ledger, paymentMethods);
  const appliedCustomerBillingRates = new AppliedCustomerBillingRateService(db, outbox, ledger);
  const apiScopes = [...new Set([...tmfApisOf(resources).values()].map((api) => api.scope))];
  return {
    customers,
    billingAccounts: new BillingAccountService(db, outbox, customers),
    financialAccounts: new FinancialAccountService(db, outbox, resources),
    customerBills,
    appliedCustomerBillingRates,
    customerBillsOnDemand: new CustomerBillOnDemandService(db, outbox, ledger, customerBills, appliedCustomerBillingRates.store),
    payments,
    refunds: new RefundService(db, outbox, ledger, paymentMethods),
    authorizePayments,
    initiatePayments: new InitiatePaymentService(db, outbox, payments, authorizePayments.store),
    partyRoles: new PartyRoleService(db, outbox, partyRoles, knownScopes(apiScopes), componentRoleScopes(served)),
  };
}

/** The services of a registry: every resource's by description, the domain ones also by name, and the hubs. */
export type Services = ResourceServices & ReturnType<typeof createDomainServices> & { hubs: HubService };

/** What a gateway serves: its resources, and the parts of them kept in tables of their own. */
export interface Registry {
  resources: readonly Registration[];
  parts: readonly PartDescription[];
  /**
   * The resources whose APIs it serves (an ODA Component's, ODA_COMPONENT), when not all: their REST
   * routes, hubs, /docs and GraphQL root fields. The others stay in the schema as the targets of
   * navigations (a CustomerBill's billingAccount), read from the same database.
   */
  served?: readonly ResourceDescription[];
}

type AnyService = ResourceService<{ id: string }>;

/** The stores a service holds (its resource's, and a part's such as a payment's items). */
const storesOf = (service: object) => Object.values(service).filter((value): value is ResourceStore<{ id: string }> => value instanceof ResourceStore);

/**
 * The services of the process, created once around the one database: a domain service where one
 * exists for a resource, a CrudService for every other resource of the registry, so no resource
 * lacks a service or a store. `project`: the TMF projection of a resource (what GET returns),
 * which the outbox writes as an event's payload.
 */
export function createServices(
  db: Db,
  project: Projection,
  callbackPolicy: CallbackPolicy,
  hubLimits: HubLimits = { maxHubsPerPrincipal: 20 },
  registry: Registry = { resources: REGISTRY, parts: PARTS },
  partyRoles: PartyRoleSettings = PARTY_ROLE_DEFAULTS,
): Services {
  const outbox = new Outbox(project);
  const domain = createDomainServices(
    db,
    outbox,
    registry.resources.map((r) => r.resource),
    registry.served ?? registry.resources.map((r) => r.resource),
    partyRoles,
  );
  const byDescription = new Map<unknown, AnyService>(Object.values(domain).map((service) => [service.store.description, service as AnyService]));
  const services = new Map<unknown, AnyService>(
    registry.resources.map(({ resource, crud }) => [
      resource,
      byDescription.get(resource) ?? (new CrudService(db, outbox, resource, crud?.rules, crud?.beforeDelete) as AnyService),
    ]),
  );
  const ownStores = Object.values(domain).flatMap(storesOf);
  const stores = new Map<unknown, ResourceStore<{ id: string }>>([...services].map(([description, service]) => [description, service.store]));
  for (const part of registry.parts)
    stores.set(part, ownStores.find((store) => store.description === part) ?? new ResourceStore(db, part as PartDescription<{ id: string }>));
  const of = <T extends { id: string }>(resource: ResourceDescription<T>) => {
    const service = services.get(resource);
    if (!service) throw new Error(`${resource.name} is not a resource of the registry`);
    return service as unknown as ResourceService<T>;
  };
  const storeOf = <T extends { id: string }>(description: ResourceDescription<T> | PartDescription<T>) => {
    const store = stores.get(description);
    if (!store) throw new Error(`${description.name} is not a resource or part of the registry`);
    return store as unknown as ResourceStore<T>;
  };
  return {
    of,
    storeOf,
    ...domain,
    hubs: new HubService(
      db,
      callbackPolicy,
      hubLimits,
      hubPartitions(
        registry.resources.map((r) => r.resource),
        db.deployment,
      ),
    ),
  };
}
