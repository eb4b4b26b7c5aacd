-- CreateTable
CREATE TABLE "payment_method" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "authorizationCode" TEXT,
    "isPreferred" BOOLEAN,
    "status" TEXT,
    "statusDate" TIMESTAMPTZ(3),
    "statusReason" TEXT,
    "account" JSONB,
    "relatedParty" JSONB,
    "relatedPlace" JSONB,
    "validFor" JSONB,
    "cardNumber" TEXT,
    "brand" TEXT,
    "lastFourDigits" TEXT,
    "nameOnCard" TEXT,
    "token" TEXT,
    "expirationDate" TIMESTAMPTZ(3),
    "accountNumber" TEXT,
    "owner" TEXT,
    "bank" TEXT,
    "mandateId" TEXT,
    "mandateType" TEXT,
    "firstDebitDate" TIMESTAMPTZ(3),
    "lastDebitDate" TIMESTAMPTZ(3),
    "checkId" TEXT,
    "drawer" TEXT,
    "payee" TEXT,
    "signedDate" TIMESTAMPTZ(3),
    "service" TEXT,
    "walletId" TEXT,
    "walletUrl" TEXT,
    "code" TEXT,
    "value" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_method_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_method_name_idx" ON "payment_method"("name");

-- CreateIndex
CREATE INDEX "payment_method_createdAt_id_idx" ON "payment_method"("createdAt", "id");

