-- Settlement accounts post money (TMF666 + TMF676): a payment or refund books on a billing account
-- or a settlement account. "accountId" keeps the id of either, "accountKind" says which; the two
-- foreign keys are generated from them, so each row refers to exactly one existing account.
-- (Hand-written: Prisma's schema cannot declare generated columns or partial indexes.)

ALTER TABLE "payment" DROP CONSTRAINT "payment_accountId_fkey";
ALTER TABLE "refund" DROP CONSTRAINT "refund_accountId_fkey";

ALTER TABLE "settlement_account" ADD COLUMN "balanceValue" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN "currency" TEXT;

ALTER TABLE "payment"
  ADD COLUMN "accountKind" TEXT NOT NULL DEFAULT 'BillingAccount' CHECK ("accountKind" IN ('BillingAccount', 'SettlementAccount')),
  ADD COLUMN "billingAccountId" UUID GENERATED ALWAYS AS (CASE WHEN "accountKind" = 'BillingAccount' THEN "accountId" END) STORED,
  ADD COLUMN "settlementAccountId" UUID GENERATED ALWAYS AS (CASE WHEN "accountKind" = 'SettlementAccount' THEN "accountId" END) STORED;

ALTER TABLE "refund"
  ADD COLUMN "accountKind" TEXT NOT NULL DEFAULT 'BillingAccount' CHECK ("accountKind" IN ('BillingAccount', 'SettlementAccount')),
  ADD COLUMN "billingAccountId" UUID GENERATED ALWAYS AS (CASE WHEN "accountKind" = 'BillingAccount' THEN "accountId" END) STORED,
  ADD COLUMN "settlementAccountId" UUID GENERATED ALWAYS AS (CASE WHEN "accountKind" = 'SettlementAccount' THEN "accountId" END) STORED;

-- The foreign keys' own indexes (an account's delete checks them); settlement rows are few.
CREATE INDEX "payment_billingAccountId_idx" ON "payment"("billingAccountId");
CREATE INDEX "payment_settlementAccountId_idx" ON "payment"("settlementAccountId") WHERE "settlementAccountId" IS NOT NULL;
CREATE INDEX "refund_billingAccountId_idx" ON "refund"("billingAccountId");
CREATE INDEX "refund_settlementAccountId_idx" ON "refund"("settlementAccountId") WHERE "settlementAccountId" IS NOT NULL;

ALTER TABLE "payment" ADD CONSTRAINT "payment_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "payment" ADD CONSTRAINT "payment_settlementAccountId_fkey" FOREIGN KEY ("settlementAccountId") REFERENCES "settlement_account"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "refund" ADD CONSTRAINT "refund_billingAccountId_fkey" FOREIGN KEY ("billingAccountId") REFERENCES "billing_account"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "refund" ADD CONSTRAINT "refund_settlementAccountId_fkey" FOREIGN KEY ("settlementAccountId") REFERENCES "settlement_account"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Posts a booking to the balance of a billing or a settlement account (`ledger`: its table); the
-- first booking fixes the account's currency. Raises SQLSTATE TMF01 when the account is booked in
-- another currency (see balance_posting).
DROP FUNCTION post_to_balance(uuid, numeric, text);
CREATE FUNCTION post_to_balance(account_id uuid, delta numeric, booking_unit text, ledger text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF ledger = 'settlement_account' THEN
    UPDATE settlement_account
       SET "balanceValue" = "balanceValue" + delta, currency = COALESCE(currency, booking_unit)
     WHERE id = account_id AND (currency IS NULL OR currency = booking_unit);
  ELSE
    UPDATE billing_account
       SET "balanceValue" = "balanceValue" + delta, currency = COALESCE(currency, booking_unit)
     WHERE id = account_id AND (currency IS NULL OR currency = booking_unit);
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION '% % is not booked in %', ledger, account_id, booking_unit USING ERRCODE = 'TMF01';
  END IF;
END
$$;
