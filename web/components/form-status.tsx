// The line at the top of a form page: what was just done, or what went wrong.
export function FormStatus(props: { done?: string | false | null; error?: string }) {
  return (
    <>
      {props.done ? (
        <p class="notice" role="status">
          {props.done}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
    </>
  );
}
