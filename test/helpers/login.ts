// Signing in through the login form as a browser does: the form carries a CSRF token
// tied to a cookie that opening /login sets, so a test opens the form before posting it.
type Fetcher = (url: string, init?: RequestInit) => Response | Promise<Response>;

/** The login form's CSRF cookie ("name=value") and token, from opening `${base}/login`. */
export async function loginForm(fetcher: Fetcher, base: string, headers: Record<string, string> = {}) {
  const res = await fetcher(`${base}/login`, { headers: { Accept: "text/html", ...headers } });
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = /entraide_login=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!csrf || !cookie) throw new Error(`the login form at ${base}/login has no CSRF token or cookie (status ${res.status})`);
  return { cookie, csrf };
}

/** Posts the login form with `fields` (login, password, next…) after opening it; the POST's response. */
export async function postLogin(
  fetcher: Fetcher,
  base: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const { cookie, csrf } = await loginForm(fetcher, base, headers);
  return fetcher(`${base}/login`, {
    method: "POST",
    headers: { Accept: "text/html", "Content-Type": "application/x-www-form-urlencoded", ...headers, Cookie: cookie },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    redirect: "manual",
  });
}
