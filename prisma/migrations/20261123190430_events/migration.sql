-- CreateTable
CREATE TABLE "event" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "eventType" TEXT NOT NULL,
    "eventTime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "api" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" UUID NOT NULL,
    "resource" JSONB NOT NULL,
    "dispatched" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hub" (
    "id" UUID NOT NULL,
    "api" TEXT NOT NULL,
    "callback" TEXT NOT NULL,
    "query" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hub_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "hubId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "resourceId" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "event_seq_key" ON "event"("seq");

-- CreateIndex
CREATE INDEX "event_dispatched_seq_idx" ON "event"("dispatched", "seq");

-- CreateIndex
CREATE INDEX "hub_api_idx" ON "hub"("api");

-- CreateIndex
CREATE INDEX "delivery_status_nextAttemptAt_idx" ON "delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "delivery_hubId_resourceId_seq_idx" ON "delivery"("hubId", "resourceId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_eventId_hubId_key" ON "delivery"("eventId", "hubId");

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_hubId_fkey" FOREIGN KEY ("hubId") REFERENCES "hub"("id") ON DELETE CASCADE ON UPDATE CASCADE;

