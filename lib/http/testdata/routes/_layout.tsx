import type { LayoutProps } from "../../define.ts";
export default function Root({ Component }: LayoutProps) {
  return (
    <div class="root">
      <Component />
    </div>
  );
}
