import { z } from "zod";

/** Shared by the sign-up form and the server action, so both say the same thing about bad input. */
export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(80, "Keep your name under 80 characters."),
  email: z.email("Enter a valid email address, like ada@example.edu.").max(254),
  password: z
    .string()
    .min(10, "Use at least 10 characters.")
    .max(200, "Use at most 200 characters."),
  inviteCode: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: z.email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(200),
});
