-- CreateEnum
CREATE TYPE "LabRunStatus" AS ENUM ('VERIFYING', 'GRADED', 'REFUSED');

-- AlterTable
ALTER TABLE "LabRun" ADD COLUMN     "refusal" TEXT,
ADD COLUMN     "status" "LabRunStatus" NOT NULL DEFAULT 'GRADED',
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedMetrics" JSONB,
ADD COLUMN     "verifyCpuMs" INTEGER;
