import { EntityRefBase, ObjectAndInputType } from "../../tmf/extensible.type.js";

// The references TMF678's bill run resources make (TMF678 v4 definitions of the same names).

@ObjectAndInputType("CustomerBillRef", "Bill reference")
export class CustomerBillRef extends EntityRefBase {}

// TMF678's description of BillCycleSpecificationRef is a placeholder ("....").
@ObjectAndInputType("BillCycleSpecificationRef", "Reference to the bill cycle specification a bill cycle follows")
export class BillCycleSpecificationRef extends EntityRefBase {}

@ObjectAndInputType("ProductRef", "Reference to the product (TMF637) a rate is charged for")
export class ProductRef extends EntityRefBase {}
