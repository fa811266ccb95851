/** Sign-in and sign-up: a narrow card in the middle of the page. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border bg-background p-6 shadow-sm">{children}</div>
    </main>
  );
}
