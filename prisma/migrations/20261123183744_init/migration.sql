-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "customer" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT,
    "statusReason" TEXT,
    "validFor" JSONB,
    "engagedParty" JSONB NOT NULL,
    "characteristic" JSONB,
    "contactMedium" JSONB,
    "creditProfile" JSONB,
    "relatedParty" JSONB,
    "agreement" JSONB,
    "paymentMethod" JSONB,
    "account" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_account" (
    "id" UUID NOT NULL,
    "customerId" UUID,
    "name" TEXT NOT NULL,
    "accountType" TEXT,
    "description" TEXT,
    "state" TEXT,
    "paymentStatus" TEXT,
    "ratingType" TEXT,
    "relatedParty" JSONB NOT NULL,
    "creditLimitValue" DECIMAL(20,4),
    "creditLimitUnit" TEXT,
    "contact" JSONB,
    "accountRelationship" JSONB,
    "billStructure" JSONB,
    "defaultPaymentMethod" JSONB,
    "financialAccount" JSONB,
    "paymentPlan" JSONB,
    "taxExemption" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "lastModified" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_bill" (
    "id" UUID NOT NULL,
    "billingAccountId" UUID NOT NULL,
    "billingAccountRef" JSONB,
    "billNo" TEXT,
    "billDate" TIMESTAMPTZ(3),
    "category" TEXT,
    "nextBillDate" TIMESTAMPTZ(3),
    "paymentDueDate" TIMESTAMPTZ(3),
    "state" TEXT NOT NULL DEFAULT 'new',
    "runType" TEXT,
    "amountDueValue" DECIMAL(20,4) NOT NULL,
    "amountDueUnit" TEXT NOT NULL,
    "remainingAmountValue" DECIMAL(20,4) NOT NULL,
    "remainingAmountUnit" TEXT NOT NULL,
    "taxExcludedAmountValue" DECIMAL(20,4),
    "taxExcludedAmountUnit" TEXT,
    "taxIncludedAmountValue" DECIMAL(20,4),
    "taxIncludedAmountUnit" TEXT,
    "billingPeriod" JSONB,
    "billCycle" JSONB,
    "paymentMethod" JSONB,
    "relatedParty" JSONB,
    "taxItem" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "lastUpdate" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_bill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "accountRef" JSONB,
    "authorizationCode" TEXT,
    "correlatorId" TEXT,
    "description" TEXT,
    "name" TEXT,
    "paymentDate" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "statusDate" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amountValue" DECIMAL(20,4),
    "amountUnit" TEXT,
    "taxAmountValue" DECIMAL(20,4),
    "taxAmountUnit" TEXT,
    "totalAmountValue" DECIMAL(20,4) NOT NULL,
    "totalAmountUnit" TEXT NOT NULL,
    "channel" JSONB,
    "paymentMethod" JSONB NOT NULL,
    "pointOfInteraction" JSONB,
    "relatedParty" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_item" (
    "id" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "billId" UUID,
    "item" JSONB NOT NULL,
    "amountValue" DECIMAL(20,4),
    "amountUnit" TEXT,
    "taxAmountValue" DECIMAL(20,4),
    "taxAmountUnit" TEXT,
    "totalAmountValue" DECIMAL(20,4),
    "totalAmountUnit" TEXT,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,

    CONSTRAINT "payment_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "accountRef" JSONB,
    "paymentId" UUID,
    "paymentRef" JSONB,
    "authorizationCode" TEXT,
    "correlatorId" TEXT,
    "description" TEXT,
    "name" TEXT,
    "refundDate" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "statusDate" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amountValue" DECIMAL(20,4),
    "amountUnit" TEXT,
    "taxAmountValue" DECIMAL(20,4),
    "taxAmountUnit" TEXT,
    "totalAmountValue" DECIMAL(20,4) NOT NULL,
    "totalAmountUnit" TEXT NOT NULL,
    "channel" JSONB,
    "paymentMethod" JSONB NOT NULL,
    "requestor" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_name_idx" ON "customer"("name");

-- CreateIndex
CREATE INDEX "billing_account_customerId_idx" ON "billing_account"("customerId");

-- CreateIndex
CREATE INDEX "billing_account_name_idx" ON "billing_account"("name");

-- CreateIndex
CREATE INDEX "customer_bill_billingAccountId_idx" ON "customer_bill"("billingAccountId");

-- CreateIndex
CREATE INDEX "customer_bill_billNo_idx" ON "customer_bill"("billNo");

-- CreateIndex
CREATE INDEX "payment_accountId_idx" ON "payment"("accountId");

-- CreateIndex
CREATE INDEX "payment_paymentDate_idx" ON "payment"("paymentDate");

-- CreateIndex
CREATE INDEX "payment_item_billId_idx" ON "payment_item"("billId");

-- CreateIndex
CREATE UNIQUE INDEX "payment_item_paymentId_position_key" ON "payment_item"("paymentId", "position");

-- CreateIndex
CREATE INDEX "refund_accountId_idx" ON "refund"("accountId");

-- CreateIndex
CREATE INDEX "refund_paymentId_idx" ON "refund"("paymentId");

-- AddForeignKey
ALTER TABLE "billing_account" ADD CONSTRAINT "billing_account_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_bill" ADD CONSTRAINT "customer_bill_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_item" ADD CONSTRAINT "payment_item_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "payment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_item" ADD CONSTRAINT "payment_item_billId_fkey" FOREIGN KEY ("billId") REFERENCES "customer_bill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund" ADD CONSTRAINT "refund_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund" ADD CONSTRAINT "refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

