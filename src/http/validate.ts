// zod validation for Hono routes, failing as problem+json that names each field.
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { HttpProblem } from "./problem.ts";

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const errors = result.error.issues.map((issue) => ({
        field: issue.path.join(".") || target,
        message: issue.message,
      }));
      throw new HttpProblem(422, `invalid ${target}: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, {
        errors,
      });
    }
  });
}
