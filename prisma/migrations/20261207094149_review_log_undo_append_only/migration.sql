-- CreateEnum
CREATE TYPE "ReviewLogKind" AS ENUM ('GRADE', 'UNDO');

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN     "cancelsId" TEXT,
ADD COLUMN     "kind" "ReviewLogKind" NOT NULL DEFAULT 'GRADE';

-- CreateIndex
-- Partial (by hand): only UNDO rows are indexed, so a grade's insert does not touch it and the index stays as small
-- as the number of undos. Prisma's diff accepts it as the schema's @unique.
CREATE UNIQUE INDEX "ReviewLog_cancelsId_key" ON "ReviewLog"("cancelsId") WHERE "cancelsId" IS NOT NULL;

-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_cancelsId_fkey" FOREIGN KEY ("cancelsId") REFERENCES "ReviewLog"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- Written by hand from here on (Prisma's schema has no words for these).

-- An UNDO names the grade it cancels; a grade names none.
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_undo_cancels_check" CHECK (("kind" = 'UNDO') = ("cancelsId" IS NOT NULL));

-- The review log is append-only: an undo is a new row, never an edit. Rows are refused UPDATE and DELETE (a user
-- deleted by cascade included: nothing deletes users), and the table is refused TRUNCATE.
CREATE FUNCTION "review_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ReviewLog is append-only: % is not allowed (an undo is a new row)', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "ReviewLog_no_update_delete" BEFORE UPDATE OR DELETE ON "ReviewLog"
  FOR EACH ROW EXECUTE FUNCTION "review_log_append_only"();

CREATE TRIGGER "ReviewLog_no_truncate" BEFORE TRUNCATE ON "ReviewLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "review_log_append_only"();
