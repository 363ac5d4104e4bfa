import type { LayoutProps } from "../../../define.ts";
export default function Admin({ Component }: LayoutProps) {
  return (
    <section class="admin">
      <Component />
    </section>
  );
}
