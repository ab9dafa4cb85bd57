// The page frame shared by every HTML page: plain, fast, accessible.
import type { Child } from "hono/jsx";

export interface LayoutProps {
  title: string;
  instanceName: string;
  signedIn?: { username: string; csrf: string };
  children?: Child;
}

export function Layout({ title, instanceName, signedIn, children }: LayoutProps) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${instanceName}`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Aller au contenu
        </a>
        <header>
          <a href="/" class="brand">
            {instanceName}
          </a>
          <nav aria-label="Compte">
            {signedIn ? (
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={signedIn.csrf} />
                <span>@{signedIn.username}</span> <button type="submit">Se déconnecter</button>
              </form>
            ) : (
              <a href="/login">Se connecter</a>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer>
          <a href="/about">À propos</a>
        </footer>
      </body>
    </html>
  );
}

const STYLE = `
:root{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:48rem;padding:0 1rem}
header,footer{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:1rem 0}
.brand{font-weight:700;font-size:1.25rem}
a{color:#0b4f9c}
:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
label{display:block;font-weight:600;margin-top:1rem}
input,button{font:inherit;min-height:44px;padding:.25rem .75rem}
input[type=text],input[type=password],input[type=email]{width:100%;max-width:24rem;box-sizing:border-box}
button{margin-top:1rem;cursor:pointer}
.error{color:#a00000;font-weight:600}
`;
