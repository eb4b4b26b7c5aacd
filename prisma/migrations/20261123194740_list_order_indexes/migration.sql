-- CreateIndex
CREATE INDEX "customer_createdAt_id_idx" ON "customer"("createdAt", "id");

-- CreateIndex
CREATE INDEX "billing_account_createdAt_id_idx" ON "billing_account"("createdAt", "id");

-- CreateIndex
CREATE INDEX "customer_bill_createdAt_id_idx" ON "customer_bill"("createdAt", "id");

-- CreateIndex
CREATE INDEX "payment_createdAt_id_idx" ON "payment"("createdAt", "id");

-- CreateIndex
CREATE INDEX "refund_createdAt_id_idx" ON "refund"("createdAt", "id");

