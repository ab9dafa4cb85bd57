import { Layout, type LayoutProps } from "../layout.tsx";

export function LoginPage(props: Omit<LayoutProps, "title" | "children"> & { error?: string; login?: string }) {
  return (
    <Layout {...props} title="Connexion">
      <h1>Connexion</h1>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login">
        <label for="login">Nom d'utilisateur ou adresse e-mail</label>
        <input id="login" name="login" type="text" autocomplete="username" required value={props.login ?? ""} />
        <label for="password">Mot de passe</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Se connecter</button>
      </form>
    </Layout>
  );
}
