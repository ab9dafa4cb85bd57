// The need form's exact point from its private address, when the administrator set
// GEOCODER_URL (off by default): an address API answering `GET /search/?q=&limit=1`
// with GeoJSON, as the French national one (the Base Adresse Nationale's) does. The
// point stays private (published rounded, as any need's); the address is sent to that
// service only when a coordinator saves or previews a need without coordinates.
import { z } from "zod";
import { logger } from "../../logging.ts";

const log = logger("geocoder");

const Answer = z.object({
  features: z
    .array(
      z.object({
        geometry: z.object({ coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]) }),
        properties: z.object({ label: z.string().optional(), score: z.number().optional() }).loose(),
      }),
    )
    .max(20),
});

/** The address's point, or undefined when the service does not know it, is slow (3 s) or answers something else. */
export async function geocodeAddress(
  base: string,
  address: string,
  timeoutMs = 3000,
): Promise<{ latitude: number; longitude: number; label: string | undefined } | undefined> {
  const url = new URL("search/", base.endsWith("/") ? base : `${base}/`);
  url.searchParams.set("q", address.slice(0, 200));
  url.searchParams.set("limit", "1");
  try {
    const res = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    if (!res.ok) {
      log.warning("The address API answered {status}", { status: res.status });
      return undefined;
    }
    const parsed = Answer.safeParse(await res.json());
    const first = parsed.success ? parsed.data.features[0] : undefined;
    if (!first) return undefined;
    const [longitude, latitude] = first.geometry.coordinates;
    return { latitude, longitude, label: first.properties.label };
  } catch (error) {
    // Never the address itself in the log: it is a beneficiary's, often.
    log.warning("The address API could not be reached: {error}", { error: error instanceof Error ? error.name : String(error) });
    return undefined;
  }
}
