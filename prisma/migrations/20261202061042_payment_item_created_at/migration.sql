-- DropIndex
DROP INDEX "payment_item_billId_position_id_idx";

-- AlterTable
ALTER TABLE "payment_item" ADD COLUMN     "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- The items written before: their payment's time.
UPDATE "payment_item" i SET "createdAt" = p."createdAt" FROM "payment" p WHERE p."id" = i."paymentId";

-- CreateIndex
CREATE INDEX "payment_item_billId_createdAt_position_id_idx" ON "payment_item"("billId", "createdAt", "position", "id");

