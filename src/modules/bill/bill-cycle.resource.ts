import type { ResourceDescription } from "../../resource/description.js";
import { billingCycleSpecificationResource } from "../account/bill-structure.resource.js";
import { BillCycle, BillCycleAttributes, BillCycleSpecification } from "./bill-cycle.type.js";
import { customerBillManagement, customerBillManagementV5 } from "./customer-bill.resource.js";

/** TMF678 BillCycleSpecification: TMF666's billing cycle specifications, read through TMF678. */
export const billCycleSpecificationResource: ResourceDescription<BillCycleSpecification> = {
  name: "BillCycleSpecification",
  type: BillCycleSpecification,
  api: customerBillManagement,
  collection: "billCycleSpecification",
  operations: {},
  mandatory: [],
  projectionOf: () => billingCycleSpecificationResource,
  storage: billingCycleSpecificationResource.storage,
  events: {},
};

/** TMF678 BillCycle. POST is an extension to TMF678, so that billing systems can record their cycles. */
export const billCycleResource: ResourceDescription<BillCycle> = {
  name: "BillCycle",
  type: BillCycle,
  api: customerBillManagement,
  versions: [{ api: customerBillManagementV5 }],
  collection: "billCycle",
  operations: { create: { input: BillCycleAttributes, description: "Records a bill cycle (extension to TMF678)" } },
  mandatory: [],
  references: { billCycleSpecification: { to: () => billCycleSpecificationResource, foreignKey: "billCycleSpecificationId" } },
  storage: { table: "bill_cycle", indexed: ["name"] },
  relations: [
    {
      name: "specification",
      description: "The bill cycle specification the cycle follows",
      reference: "billCycleSpecification",
      inverse: { name: "billCycles", description: "The bill cycles following this specification" },
    },
  ],
  events: {},
};
