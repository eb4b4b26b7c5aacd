-- DropIndex
DROP INDEX "billing_account_customerId_idx";

-- DropIndex
DROP INDEX "customer_bill_billingAccountId_idx";

-- DropIndex
DROP INDEX "payment_accountId_idx";

-- DropIndex
DROP INDEX "payment_item_billId_idx";

-- DropIndex
DROP INDEX "refund_accountId_idx";

-- DropIndex
DROP INDEX "refund_paymentId_idx";

-- CreateIndex
CREATE INDEX "billing_account_customerId_createdAt_id_idx" ON "billing_account"("customerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "customer_bill_billingAccountId_createdAt_id_idx" ON "customer_bill"("billingAccountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "payment_accountId_createdAt_id_idx" ON "payment"("accountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "payment_item_billId_position_id_idx" ON "payment_item"("billId", "position", "id");

-- CreateIndex
CREATE INDEX "refund_accountId_createdAt_id_idx" ON "refund"("accountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "refund_paymentId_createdAt_id_idx" ON "refund"("paymentId", "createdAt", "id");

