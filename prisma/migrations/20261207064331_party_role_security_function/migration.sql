-- DropIndex
DROP INDEX "party_role_createdAt_id_idx";

-- DropIndex
DROP INDEX "party_role_name_key";

-- AlterTable
ALTER TABLE "party_role" ADD COLUMN     "securityFunction" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "party_role_seed" DROP CONSTRAINT "party_role_seed_pkey",
ADD COLUMN     "securityFunction" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "party_role_seed_pkey" PRIMARY KEY ("securityFunction", "name");

-- CreateIndex
CREATE INDEX "party_role_securityFunction_createdAt_id_idx" ON "party_role"("securityFunction", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "party_role_securityFunction_name_key" ON "party_role"("securityFunction", "name");

