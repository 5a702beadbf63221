import type { ReactNode } from "react";

import { classNames } from "./class-names";
import { ErrorMessage } from "./error-message";
import { Hint } from "./hint";
import { Label, type LabelSize } from "./label";

export interface FileUploadProps {
  /** Defaults to `name`; the error summary links to `#id`. */
  id?: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  multiple?: boolean;
  /** A hint to the browser's file chooser only: the server checks every file's type by its content. */
  accept?: string;
  disabled?: boolean;
  /** The id of the form the input belongs to, when it sits inside another form's markup (HTML `form` attribute). */
  form?: string;
}

/** GOV.UK Frontend's file upload (the plain, not the JavaScript-enhanced, variant: it works without JavaScript). */
export function FileUpload({
  id: idProp,
  name,
  label,
  labelSize,
  isPageHeading,
  hint,
  error,
  multiple,
  accept,
  disabled,
  form,
}: FileUploadProps) {
  const id = idProp ?? name;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={classNames("govuk-form-group", Boolean(error) && "govuk-form-group--error")}>
      <Label htmlFor={id} size={labelSize} isPageHeading={isPageHeading}>
        {label}
      </Label>
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <input
        className={classNames("govuk-file-upload", Boolean(error) && "govuk-file-upload--error")}
        id={id}
        name={name}
        type="file"
        multiple={multiple}
        accept={accept}
        disabled={disabled}
        form={form}
        aria-describedby={classNames(hintId, errorId) || undefined}
      />
    </div>
  );
}
