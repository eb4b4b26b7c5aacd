-- CreateTable
CREATE TABLE "party_role" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT,
    "statusReason" TEXT,
    "validFor" JSONB,
    "engagedParty" JSONB,
    "partyRoleSpecification" JSONB,
    "characteristic" JSONB,
    "account" JSONB,
    "agreement" JSONB,
    "contactMedium" JSONB,
    "paymentMethod" JSONB,
    "relatedParty" JSONB,
    "roleType" JSONB,
    "atType" TEXT,
    "atBaseType" TEXT,
    "atSchemaLocation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "party_role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "party_role_seed" (
    "name" TEXT NOT NULL,
    "seededAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "party_role_seed_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "party_role_createdAt_id_idx" ON "party_role"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "party_role_name_key" ON "party_role"("name");

