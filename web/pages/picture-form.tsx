// Choosing a picture (issue 16): a need's image, an organisation's logo or image. The
// file is a JPEG, PNG or WebP; the description (alt text) is required; the page says
// that the picture is public, resized and emptied of its hidden data (the place a
// phone wrote in it).
import type { Picture } from "../../src/domain/pictures/model.ts";
import { Csrf, FieldError, FormAlert, type FieldErrors, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface PictureFormProps extends PageProps {
  /** The page's heading ("Image of the need …"). */
  heading: string;
  /** Where the form posts, and where "back" goes. */
  action: string;
  back: { href: string; label: string };
  current: Picture | null;
  /** The current picture's address (this instance's /files/…). */
  currentSrc?: string;
  maxMegabytes: number;
  alt?: string;
  saved?: "saved" | "removed";
  errors?: FieldErrors;
}

export function PictureFormPage(props: PictureFormProps) {
  const { t, errors, current } = props;
  const hint = (name: string) => {
    const error = describedBy(errors, name);
    return { ...error, "aria-describedby": [`${name}-hint`, error["aria-describedby"]].filter(Boolean).join(" ") };
  };
  return (
    <Layout {...props} title={props.heading}>
      <h1>{props.heading}</h1>
      <FormStatus done={props.saved ? t(props.saved === "saved" ? "picture.saved" : "picture.removed") : undefined} error={errors?._form} />
      <FormAlert errors={errors} t={t} />
      {current && props.currentSrc ? (
        <figure class="picture preview">
          <img src={props.currentSrc} alt={current.alt} width={current.width} height={current.height} />
          <figcaption>{t("picture.currentAlt", { alt: current.alt })}</figcaption>
        </figure>
      ) : (
        <p>{t("picture.none")}</p>
      )}
      <form method="post" action={props.action} enctype="multipart/form-data">
        <Csrf token={props.signedIn?.csrf} />
        <label for="image">{t(current ? "picture.replace" : "picture.file")}</label>
        <p class="hint" id="image-hint">{t("picture.fileHint", { max: props.maxMegabytes })}</p>
        <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" required {...hint("image")} />
        <FieldError errors={errors} name="image" />
        <label for="alt">{t("picture.alt")}</label>
        <p class="hint" id="alt-hint">{t("picture.altHint")}</p>
        <textarea id="alt" name="alt" rows={3} maxlength={1500} required {...hint("alt")}>{props.alt ?? ""}</textarea>
        <FieldError errors={errors} name="alt" />
        <button type="submit">{t("picture.save")}</button>
      </form>
      {current ? (
        <form method="post" action={props.action} enctype="multipart/form-data">
          <Csrf token={props.signedIn?.csrf} />
          <input type="hidden" name="remove" value="1" />
          <button type="submit" class="secondary">{t("picture.remove")}</button>
        </form>
      ) : null}
      <p>
        <a href={props.back.href}>{props.back.label}</a>
      </p>
    </Layout>
  );
}
