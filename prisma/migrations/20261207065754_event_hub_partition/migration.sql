-- AlterTable
ALTER TABLE "event" ADD COLUMN     "partition" TEXT;

-- AlterTable
ALTER TABLE "hub" ADD COLUMN     "partition" TEXT;

