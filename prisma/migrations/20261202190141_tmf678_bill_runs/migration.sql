-- CreateTable
CREATE TABLE "applied_customer_billing_rate" (
    "id" UUID NOT NULL,
    "billingAccountId" UUID NOT NULL,
    "billingAccountRef" JSONB,
    "billId" UUID,
    "billRef" JSONB,
    "isBilled" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT,
    "description" TEXT,
    "appliedBillingRateType" TEXT,
    "date" TIMESTAMPTZ(3),
    "appliedTax" JSONB,
    "characteristic" JSONB,
    "periodCoverage" JSONB,
    "product" JSONB,
    "taxExcludedAmountValue" DECIMAL(20,4),
    "taxExcludedAmountUnit" TEXT,
    "taxIncludedAmountValue" DECIMAL(20,4) NOT NULL,
    "taxIncludedAmountUnit" TEXT NOT NULL,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applied_customer_billing_rate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bill_cycle" (
    "id" UUID NOT NULL,
    "billCycleSpecificationId" UUID,
    "billCycleSpecificationRef" JSONB,
    "name" TEXT,
    "description" TEXT,
    "billingDate" TIMESTAMPTZ(3),
    "billingPeriod" TEXT,
    "chargeDate" TIMESTAMPTZ(3),
    "creditDate" TIMESTAMPTZ(3),
    "mailingDate" TIMESTAMPTZ(3),
    "paymentDueDate" TIMESTAMPTZ(3),
    "validFor" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bill_cycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_bill_on_demand" (
    "id" UUID NOT NULL,
    "billingAccountId" UUID NOT NULL,
    "billingAccountRef" JSONB,
    "customerBillId" UUID,
    "customerBillRef" JSONB,
    "name" TEXT,
    "description" TEXT,
    "relatedParty" JSONB,
    "state" TEXT NOT NULL,
    "stateReason" TEXT,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "lastUpdate" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_bill_on_demand_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "applied_customer_billing_rate_billingAccountId_createdAt_id_idx" ON "applied_customer_billing_rate"("billingAccountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "applied_customer_billing_rate_billId_createdAt_id_idx" ON "applied_customer_billing_rate"("billId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "applied_customer_billing_rate_name_idx" ON "applied_customer_billing_rate"("name");

-- CreateIndex
CREATE INDEX "applied_customer_billing_rate_createdAt_id_idx" ON "applied_customer_billing_rate"("createdAt", "id");

-- CreateIndex
CREATE INDEX "bill_cycle_billCycleSpecificationId_createdAt_id_idx" ON "bill_cycle"("billCycleSpecificationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "bill_cycle_name_idx" ON "bill_cycle"("name");

-- CreateIndex
CREATE INDEX "bill_cycle_createdAt_id_idx" ON "bill_cycle"("createdAt", "id");

-- CreateIndex
CREATE INDEX "customer_bill_on_demand_billingAccountId_createdAt_id_idx" ON "customer_bill_on_demand"("billingAccountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "customer_bill_on_demand_customerBillId_idx" ON "customer_bill_on_demand"("customerBillId");

-- CreateIndex
CREATE INDEX "customer_bill_on_demand_name_idx" ON "customer_bill_on_demand"("name");

-- CreateIndex
CREATE INDEX "customer_bill_on_demand_createdAt_id_idx" ON "customer_bill_on_demand"("createdAt", "id");

-- AddForeignKey
ALTER TABLE "applied_customer_billing_rate" ADD CONSTRAINT "applied_customer_billing_rate_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applied_customer_billing_rate" ADD CONSTRAINT "applied_customer_billing_rate_billId_fkey" FOREIGN KEY ("billId") REFERENCES "customer_bill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bill_cycle" ADD CONSTRAINT "bill_cycle_billCycleSpecificationId_fkey" FOREIGN KEY ("billCycleSpecificationId") REFERENCES "billing_cycle_specification"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_bill_on_demand" ADD CONSTRAINT "customer_bill_on_demand_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_bill_on_demand" ADD CONSTRAINT "customer_bill_on_demand_customerBillId_fkey" FOREIGN KEY ("customerBillId") REFERENCES "customer_bill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

