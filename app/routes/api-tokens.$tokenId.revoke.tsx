import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { BackLink, Button, ErrorSummary, SummaryList } from "~/components/govuk";
import { getApiToken, revokeApiToken } from "~/data/api-tokens.server";
import { getDb } from "~/data/db.server";
import { formatDateTime } from "~/utils/form";
import { notFound, requireId } from "~/utils/params";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Revoke the token ${data.token.name}` : "Revoke a token") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const token = await getApiToken(getDb(), viewer, requireId(params.tokenId));
  if (!token) notFound();
  return { token };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const result = await revokeApiToken(getDb(), viewer, requireId(params.tokenId));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ error: result.message }, { status: result.status });
  }
  return redirect("/api-tokens?revoked=1");
}

/** Revoking asks first (GOV.UK confirmation page): whatever uses the token stops working at once. */
export default function RevokeToken() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useErrorTitle(Boolean(actionData?.error));
  return (
    <>
      <BackLink href="/api-tokens">Back to API tokens</BackLink>
      {actionData?.error ? <ErrorSummary errors={[{ text: actionData.error }]} /> : null}
      <h1 className="govuk-heading-l">Are you sure you want to revoke the token “{token.name}”?</h1>
      <SummaryList
        rows={[
          { key: "Created", value: `${formatDateTime(token.createdAt)} by ${token.createdBy}` },
          { key: "Last used", value: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never" },
        ]}
      />
      <p className="govuk-body">
        Anything using this token will be refused from now on. This cannot be undone: create a new token if one is needed again.
      </p>
      {token.revokedAt ? (
        <p className="govuk-body">This token was revoked on {formatDateTime(token.revokedAt)}.</p>
      ) : (
        <Form method="post">
          <div className="govuk-button-group">
            <Button variant="warning">Revoke token</Button>
            <a className="govuk-link" href="/api-tokens">
              Cancel
            </a>
          </div>
        </Form>
      )}
    </>
  );
}
