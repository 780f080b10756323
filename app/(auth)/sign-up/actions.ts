"use server";

import { action } from "@/lib/auth/handler";
import { hashPassword } from "@/lib/auth/password";
import { signUpSchema } from "@/lib/auth/schemas";
import { createUser, isInstructorInvite } from "@/lib/db/users";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";

export const signUp = action(signUpSchema, { role: "public", name: "sign-up" }, async (input) => {
  let role: "STUDENT" | "INSTRUCTOR" = "STUDENT";
  if (input.inviteCode) {
    if (!isInstructorInvite(input.inviteCode, env().INSTRUCTOR_INVITE_CODE)) {
      throw new ValidationError("Some fields need fixing.", {
        inviteCode: ["This invite code is not valid. Leave it empty to sign up as a student."],
      });
    }
    role = "INSTRUCTOR";
  }
  const user = await createUser({ ...input, passwordHash: await hashPassword(input.password), role });
  return { role: user.role };
});
