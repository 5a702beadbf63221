import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Button, ErrorSummary, Input, NotificationBanner, Radios, Table, Tag, WarningText } from "~/components/govuk";
import { ApiTokenNameSchema, createApiToken, listApiTokens } from "~/data/api-tokens.server";
import { getDb } from "~/data/db.server";
import { errorSummaryItems, formatDateTime, formValues, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/partnership";
import { useErrorTitle } from "~/utils/use-error-title";

export const meta: MetaFunction = () => [{ title: pageTitle("API tokens") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  return { tokens: await listApiTokens(getDb(), viewer) };
}

/** Creates a token; the page shows it once, in this response only (never in a URL or a later page). */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ["admin"]);
  const values = formValues(await readForm(request));
  const parsed = parseForm(ApiTokenNameSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values, created: null }, { status: 400 });
  const result = await createApiToken(getDb(), viewer, parsed.data.name, parsed.data.scope);
  if (!result.ok) throw new Response("You do not have permission to do this", { status: 403 });
  return data(
    { errors: null, values: { name: "", scope: "read" }, created: { name: parsed.data.name, token: result.token } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** The business office's API tokens for BI tools (DESIGN §9, decision 012): create, see when each was last used, revoke. */
export default function ApiTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useErrorTitle(Boolean(actionData?.errors));
  const errors = actionData?.errors ?? undefined;
  return (
    <>
      {params.has("revoked") ? <NotificationBanner type="success" heading="Token revoked: it no longer works" /> : null}
      {errors ? <ErrorSummary errors={errorSummaryItems(errors)} /> : null}
      <h1 className="govuk-heading-l">API tokens</h1>
      <p className="govuk-body">
        A token lets a business intelligence tool read cycles, returns with their scores, and reports as JSON from <code>/api/v1</code>. It
        reads what the QA subgroup reads (submitted returns, never drafts). A read token cannot change anything; a write token may also post
        the scorecard&apos;s figures to <code>/api/v1/observations</code>, for a BI feed. See the API guide in the project&apos;s
        docs/api.md.
      </p>
      {actionData?.created ? (
        <div className="govuk-panel govuk-panel--confirmation" role="status">
          <h2 className="govuk-panel__title">Token created: {actionData.created.name}</h2>
          <div className="govuk-panel__body">
            <p className="govuk-!-margin-bottom-2">Copy this token now. It will not be shown again.</p>
            <code className="app-token" data-testid="new-token">
              {actionData.created.token}
            </code>
          </div>
        </div>
      ) : null}
      <h2 className="govuk-heading-m">Create a token</h2>
      {/* A new key after each token so the name field starts empty again. */}
      <Form method="post" noValidate key={actionData?.created?.token ?? "new"}>
        <Input
          name="name"
          label="Name"
          hint="What will use it, for example “Power BI dashboard”."
          autoComplete="off"
          defaultValue={actionData?.values?.name ?? ""}
          error={errors?.name}
        />
        <Radios
          name="scope"
          legend="What may the token do?"
          legendSize="s"
          defaultValue={actionData?.values?.scope || "read"}
          error={errors?.scope}
          items={[
            { value: "read", text: "Read only" },
            {
              value: "write",
              text: "Read, and write scorecard figures",
              hint: "For a BI feed that posts observations. It cannot change anything else.",
            },
          ]}
        />
        <WarningText>
          Anyone holding the token can read every agency&apos;s submitted scores. Give it only to the system that needs it.
        </WarningText>
        <Button>Create token</Button>
      </Form>
      <h2 className="govuk-heading-m">Tokens</h2>
      {tokens.length === 0 ? (
        <p className="govuk-body">No tokens have been created.</p>
      ) : (
        <div className="app-table-wrapper" role="region" aria-label="API tokens" tabIndex={0}>
          <Table
            caption={`API tokens (n = ${tokens.length})`}
            captionSize="s"
            firstCellIsHeader
            head={[{ text: "Name" }, { text: "Scope" }, { text: "Created" }, { text: "Last used" }, { text: "Status" }, { text: "Action" }]}
            rows={tokens.map((token) => [
              { text: token.name },
              { text: token.scope === "write" ? "Read and write figures" : "Read only" },
              { text: `${formatDateTime(token.createdAt)} by ${token.createdBy}` },
              { text: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never" },
              { text: token.revokedAt ? <Tag colour="grey">Revoked</Tag> : <Tag colour="green">Active</Tag> },
              {
                text: token.revokedAt ? (
                  `Revoked ${formatDateTime(token.revokedAt)}`
                ) : (
                  <a className="govuk-link" href={`/api-tokens/${token.id}/revoke`}>
                    Revoke<span className="govuk-visually-hidden"> {token.name}</span>
                  </a>
                ),
              },
            ])}
          />
        </div>
      )}
    </>
  );
}
