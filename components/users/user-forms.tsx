"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ApiFormFrame } from "@/components/api-form";
import { describedBy, Field, FormMessage, Input, Select } from "@/components/ui/form";
import { useApiForm } from "@/components/use-api-form";
import { roleLabels, roles, type Role } from "@/lib/authz/permissions";
import { InviteLink } from "./invite-link";
import { formFields } from "@/lib/api/client";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const roleHelp: Record<Role, string> = {
  admin: "Everything, including users and settings.",
  security: "Reads everything, edits any record, approves rotations, manages policies.",
  member: "Engineers and credential owners: edit what they own or their team owns.",
  auditor: "Reads everything including the audit log and runs exports; never changes anything.",
};

function RoleSelect({ defaultValue, error }: { defaultValue: Role; error?: string[] }) {
  const [value, setValue] = useState<Role>(defaultValue);
  return (
    <Field id="role" label="Role" error={error} hint={roleHelp[value]}>
      <Select id="role" name="role" defaultValue={defaultValue} onChange={(e) => setValue(e.target.value as Role)} {...describedBy("role", error)}>
        {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
      </Select>
    </Field>
  );
}

export function InviteUserForm() {
  const form = useApiForm(routes.createUser, { invalidates: invalidates.nothing });
  if (form.data) {
    return (
      <div className="space-y-4">
        <InviteLink url={form.data.inviteUrl} expiresAt={form.data.inviteExpiresAt} email={form.data.user.email} />
        <Button variant="secondary" onClick={() => form.reset()}>Invite another user</Button>
      </div>
    );
  }
  return (
    <ApiFormFrame form={form} showSaved={false} submitLabel="Invite user" pendingLabel="Inviting…" onSubmit={(data) => form.submit(formFields(data))}>
      <Field id="name" label="Name" error={form.fields.name}>
        <Input id="name" name="name" {...describedBy("name", form.fields.name)} />
      </Field>
      <Field id="email" label="Email" error={form.fields.email}>
        <Input id="email" name="email" type="email" {...describedBy("email", form.fields.email)} />
      </Field>
      <RoleSelect defaultValue="member" error={form.fields.role} />
    </ApiFormFrame>
  );
}

export function EditUserForm({ user, isSelf }: { user: { id: string; name: string; role: Role; isActive: boolean }; isSelf: boolean }) {
  const save = useApiForm(routes.updateUser, { params: { id: user.id }, invalidates: invalidates.nothing });
  const toggle = useApiForm(routes.updateUser, { params: { id: user.id }, invalidates: invalidates.nothing });
  const reissue = useApiForm(routes.reissueInvite, { params: { id: user.id }, invalidates: invalidates.nothing });
  const endSessions = useApiForm(routes.signOutUserEverywhere, { params: { id: user.id }, invalidates: invalidates.nothing });
  return (
    <div className="space-y-8">
      <ApiFormFrame form={save} showSaved submitLabel="Save changes" onSubmit={(data) => save.submit(formFields(data))}>
        <Field id="name" label="Name" error={save.fields.name}>
          <Input id="name" name="name" defaultValue={user.name} {...describedBy("name", save.fields.name)} />
        </Field>
        {isSelf ? <p className="text-sm text-slate-600">You cannot change your own role.</p> : <RoleSelect defaultValue={user.role} error={save.fields.role} />}
      </ApiFormFrame>
      {isSelf ? null : (
        <section className="space-y-3 border-t border-slate-200 pt-6">
          <h2 className="text-sm font-semibold text-slate-800">Access</h2>
          {toggle.formError ? <FormMessage>{toggle.formError}</FormMessage> : null}
          <p className="text-sm text-slate-600">
            {user.isActive ? "Deactivating signs the user out at once and blocks every future sign-in." : "This user is deactivated and cannot sign in."}
          </p>
          {user.isActive ? (
            <ConfirmDialog
              size="md"
              label="Deactivate user"
              title={`Deactivate ${user.name}`}
              description="They are signed out at once and cannot sign in again until an admin reactivates them."
              confirmLabel="Deactivate"
              pendingLabel="Deactivating…"
              pending={toggle.isPending}
              error={toggle.formError}
              onConfirm={(close) => toggle.submit({ isActive: false }, { onSuccess: close })}
              testId="user-deactivate"
            />
          ) : (
            <Button variant="secondary" disabled={toggle.isPending} onClick={() => toggle.submit({ isActive: true })}>
              Reactivate user
            </Button>
          )}
          {user.isActive ? (
            <div className="space-y-3 pt-4">
              {reissue.data ? (
                <InviteLink url={reissue.data.inviteUrl} expiresAt={reissue.data.inviteExpiresAt} email={reissue.data.user.email} />
              ) : (
                <Button variant="secondary" disabled={reissue.isPending} onClick={() => reissue.submit(undefined)}>
                  Create a new password link
                </Button>
              )}
              {reissue.formError ? <FormMessage>{reissue.formError}</FormMessage> : null}
              <p className="text-sm text-slate-600">Ends every browser session of this user at once (a lost laptop, a shared cookie); they can sign in again.</p>
              <Button variant="secondary" disabled={endSessions.isPending} onClick={() => endSessions.submit(undefined)}>
                Sign out everywhere
              </Button>
              {endSessions.formError ? <FormMessage>{endSessions.formError}</FormMessage> : null}
              {endSessions.data ? <p role="status" className="text-sm text-slate-600">Signed out everywhere.</p> : null}
            </div>
          ) : null}
        </section>
      )}
    </div>
  );
}
