-- AlterTable
ALTER TABLE "LabRun" ALTER COLUMN "seed" SET DATA TYPE BIGINT;

-- Seeds are unsigned 32-bit integers; the 32-bit column held the upper half wrapped to negative numbers.
UPDATE "LabRun" SET "seed" = "seed" + 4294967296 WHERE "seed" < 0;
