-- CreateTable
CREATE TABLE "authorize_payment" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "authorizePaymentDate" TIMESTAMPTZ(3),
    "authorizedPaymentDate" TIMESTAMPTZ(3),
    "authorizedPayment" JSONB,
    "state" TEXT NOT NULL,
    "stateReason" TEXT,
    "holdValue" DECIMAL(20,4),
    "holdUnit" TEXT,
    "holdOpen" BOOLEAN NOT NULL DEFAULT false,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "authorize_payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "initiate_payment" (
    "id" UUID NOT NULL,
    "authorizationId" UUID,
    "authorizedPaymentRef" JSONB,
    "paymentId" UUID,
    "initiatePaymentDate" TIMESTAMPTZ(3),
    "initiatedPaymentDate" TIMESTAMPTZ(3),
    "initiatedPayment" JSONB,
    "state" TEXT NOT NULL,
    "stateReason" TEXT,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "initiate_payment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "authorize_payment_accountId_createdAt_id_idx" ON "authorize_payment"("accountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "authorize_payment_accountId_holdOpen_idx" ON "authorize_payment"("accountId", "holdOpen");

-- CreateIndex
CREATE INDEX "authorize_payment_createdAt_id_idx" ON "authorize_payment"("createdAt", "id");

-- CreateIndex
CREATE INDEX "initiate_payment_authorizationId_state_idx" ON "initiate_payment"("authorizationId", "state");

-- CreateIndex
CREATE INDEX "initiate_payment_paymentId_idx" ON "initiate_payment"("paymentId");

-- CreateIndex
CREATE INDEX "initiate_payment_createdAt_id_idx" ON "initiate_payment"("createdAt", "id");

-- AddForeignKey
ALTER TABLE "authorize_payment" ADD CONSTRAINT "authorize_payment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "initiate_payment" ADD CONSTRAINT "initiate_payment_authorizationId_fkey" FOREIGN KEY ("authorizationId") REFERENCES "authorize_payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "initiate_payment" ADD CONSTRAINT "initiate_payment_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

