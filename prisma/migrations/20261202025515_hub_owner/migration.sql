-- AlterTable
ALTER TABLE "hub" ADD COLUMN     "owner" TEXT;

-- CreateIndex
CREATE INDEX "hub_owner_idx" ON "hub"("owner");

