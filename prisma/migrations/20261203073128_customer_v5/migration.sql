-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "description" TEXT,
ADD COLUMN     "partyRoleSpecification" JSONB,
ADD COLUMN     "role" TEXT;

