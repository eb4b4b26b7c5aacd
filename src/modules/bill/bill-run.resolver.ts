import { Resolver } from "type-graphql";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { BillCycle, BillCycleSpecification } from "./bill-cycle.type.js";
import { CustomerBillOnDemand } from "./bill-on-demand.type.js";
import { appliedCustomerBillingRateResource, billCycleResource, billCycleSpecificationResource, customerBillOnDemandResource } from "./bill-run.resource.js";
import { AppliedCustomerBillingRate } from "./billing-rate.type.js";

// TMF678's bill run resources: everything derives from their descriptions.

@Resolver(() => AppliedCustomerBillingRate)
export class AppliedCustomerBillingRateResolver extends createResourceResolver(appliedCustomerBillingRateResource, (s) => s.billingRates) {}

@Resolver(() => BillCycleSpecification)
export class BillCycleSpecificationResolver extends createResourceResolver(billCycleSpecificationResource, (s) => s.billCycleSpecifications) {}

@Resolver(() => BillCycle)
export class BillCycleResolver extends createResourceResolver(billCycleResource, (s) => s.billCycles) {}

@Resolver(() => CustomerBillOnDemand)
export class CustomerBillOnDemandResolver extends createResourceResolver(customerBillOnDemandResource, (s) => s.billsOnDemand) {}
