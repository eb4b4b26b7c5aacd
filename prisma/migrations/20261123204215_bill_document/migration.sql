-- AlterTable
ALTER TABLE "customer_bill" ADD COLUMN     "billDocument" JSONB;

