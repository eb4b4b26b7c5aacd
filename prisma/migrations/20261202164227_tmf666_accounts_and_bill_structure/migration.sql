-- CreateTable
CREATE TABLE "party_account" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "accountType" TEXT,
    "description" TEXT,
    "state" TEXT,
    "paymentStatus" TEXT,
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

    CONSTRAINT "party_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement_account" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "accountType" TEXT,
    "description" TEXT,
    "state" TEXT,
    "paymentStatus" TEXT,
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

    CONSTRAINT "settlement_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "financial_account" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "accountType" TEXT,
    "description" TEXT,
    "state" TEXT,
    "relatedParty" JSONB,
    "creditLimitValue" DECIMAL(20,4),
    "creditLimitUnit" TEXT,
    "contact" JSONB,
    "accountRelationship" JSONB,
    "taxExemption" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "lastModified" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "financial_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_cycle_specification" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "frequency" TEXT,
    "billingPeriod" TEXT,
    "billingDateShift" INTEGER,
    "chargeDateOffset" INTEGER,
    "creditDateOffset" INTEGER,
    "mailingDateOffset" INTEGER,
    "paymentDueDateOffset" INTEGER,
    "validFor" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_cycle_specification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bill_format" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bill_format_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bill_presentation_media" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bill_presentation_media_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "party_account_name_idx" ON "party_account"("name");

-- CreateIndex
CREATE INDEX "party_account_createdAt_id_idx" ON "party_account"("createdAt", "id");

-- CreateIndex
CREATE INDEX "settlement_account_name_idx" ON "settlement_account"("name");

-- CreateIndex
CREATE INDEX "settlement_account_createdAt_id_idx" ON "settlement_account"("createdAt", "id");

-- CreateIndex
CREATE INDEX "financial_account_name_idx" ON "financial_account"("name");

-- CreateIndex
CREATE INDEX "financial_account_createdAt_id_idx" ON "financial_account"("createdAt", "id");

-- CreateIndex
CREATE INDEX "billing_cycle_specification_name_idx" ON "billing_cycle_specification"("name");

-- CreateIndex
CREATE INDEX "billing_cycle_specification_createdAt_id_idx" ON "billing_cycle_specification"("createdAt", "id");

-- CreateIndex
CREATE INDEX "bill_format_name_idx" ON "bill_format"("name");

-- CreateIndex
CREATE INDEX "bill_format_createdAt_id_idx" ON "bill_format"("createdAt", "id");

-- CreateIndex
CREATE INDEX "bill_presentation_media_name_idx" ON "bill_presentation_media"("name");

-- CreateIndex
CREATE INDEX "bill_presentation_media_createdAt_id_idx" ON "bill_presentation_media"("createdAt", "id");


-- A financial account's balance is summed from the billing accounts that name it (FinancialAccountService.balances).
CREATE INDEX "billing_account_financialAccount_id_idx" ON "billing_account" (("financialAccount" ->> 'id'));
