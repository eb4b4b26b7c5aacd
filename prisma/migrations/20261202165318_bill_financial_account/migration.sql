-- AlterTable
ALTER TABLE "customer_bill" ADD COLUMN     "financialAccount" JSONB;

