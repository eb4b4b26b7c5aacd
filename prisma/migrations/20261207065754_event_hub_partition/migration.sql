-- AlterTable
ALTER TABLE "event" ADD COLUMN     "partition" TEXT;

-- AlterTable
ALTER TABLE "hub" ADD COLUMN     "partition" TEXT;


-- The party role hubs registered before the column: made where the rows of the roles made before
-- "securityFunction" existed are, the gateway serving every API's ('').
UPDATE "hub" SET "partition" = '' WHERE "api" = 'partyRoleManagement';
