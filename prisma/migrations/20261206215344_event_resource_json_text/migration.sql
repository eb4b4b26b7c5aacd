-- AlterTable
ALTER TABLE "event" ALTER COLUMN "resource" SET DATA TYPE JSON;

