/** The frame of every page: the header with the signed-in person's menu, then the page. */
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ROLE_NAMES } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useUnread } from '../notifications';
import { homeFor, useSession } from '../session';
import type { Role } from '../types';
import { ErrorBox, Loading } from './ui';
import '../search.css';

/** The parties' notifications (SPEC §10): the menu shows how many are unread. */
const MESSAGES = '/app/messages';

/** A mediator's and an arbitrator's desk: the same pages, each over their own organisation. */
const DESK_NAV = [
  { href: '/app/work', label: '工作台' },
  { href: '/app/cases', label: '案件' },
  { href: '/app/new', label: '登记' },
  { href: '/app/dashboard', label: '统计' },
  { href: '/app/qr', label: '二维码' },
];

const NAV: Record<Role, { href: string; label: string }[]> = {
  employer: [
    { href: '/app/my', label: '我的案件' },
    { href: MESSAGES, label: '消息' },
  ],
  worker: [
    { href: '/app/my', label: '我的案件' },
    { href: MESSAGES, label: '消息' },
    { href: '/app/file', label: '我要申请' },
  ],
  mediator: DESK_NAV,
  arbitrator: DESK_NAV,
  court_liaison: [
    { href: '/app/work', label: '工作台' },
    { href: '/app/cases', label: '案件' },
    { href: '/app/new', label: '委派/立案' },
    { href: '/app/dashboard', label: '统计' },
  ],
  supervisor: [
    { href: '/app/dashboard', label: '统计看板' },
    { href: '/app/cases', label: '辖区案件' },
  ],
  admin: [
    { href: '/app/admin/orgs', label: '机构' },
    { href: '/app/admin/users', label: '账号' },
    { href: '/app/admin/calendar', label: '节假日' },
  ],
};

/** Who searches cases from every page: staff and supervisors (a worker has her own list). */
const SEARCHERS: Role[] = ['mediator', 'arbitrator', 'court_liaison', 'supervisor'];

/**
 * The search box of every staff page: it opens the case list with `q` (the list reads the text
 * and says in Chinese what is wrong with it). The list page has its own box, so not there.
 */
function CaseSearch(props: { path: string }) {
  const [q, setQ] = useState('');
  if (props.path === '/app/cases') return null;
  return (
    <form
      class="topsearch"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const text = q.trim();
        if (text) navigate(`/app/cases?q=${encodeURIComponent(text)}`);
      }}
    >
      <input
        type="search"
        name="q"
        value={q}
        onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
        placeholder="案号、姓名、单位、手机或身份证号"
        aria-label="搜索案件"
        enterKeyHint="search"
        autocomplete="off"
      />
      <button class="btn ghost small" type="submit">
        搜索
      </button>
    </form>
  );
}

export function Layout(props: { children: ComponentChildren; wide?: boolean }) {
  const { me, known, signOut } = useSession();
  const { path } = useLocation();
  // Not known yet only on a QR code's page that came with a session (a worker's, most likely):
  // her menu is drawn from the start so nothing moves down when GET /me answers.
  const items = me ? NAV[me.role] : known ? [] : NAV.worker;
  const unread = useUnread(known ? me?.role : undefined, path);
  return (
    <div class="shell">
      {/* A plain link (not the router's): keyboard and screen-reader users jump past the menu. */}
      <a class="skip" href="#main">
        跳到正文
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <Link class="brand" href={me ? homeFor(me.role) : '/'}>
            <span class="brand-mark" aria-hidden="true">调</span>
            <span class="brand-text">
              调解<small>劳动争议一站式调处</small>
            </span>
          </Link>
          {me && SEARCHERS.includes(me.role) ? <CaseSearch path={path} /> : null}
          {me ? (
            <div class="who">
              <span class="who-name">
                {me.name}
                <small>{ROLE_NAMES[me.role]}</small>
              </span>
              <button
                class="btn ghost small"
                type="button"
                onClick={async () => {
                  await signOut();
                  navigate('/app/login', { replace: true });
                }}
              >
                退出
              </button>
            </div>
          ) : known ? (
            <Link class="btn ghost small" href="/app/login">
              登录
            </Link>
          ) : null}
        </div>
        {items.length ? (
          <nav class="tabs" aria-label="主菜单">
            {items.map((i) => (
              <Link key={i.href} href={i.href} class={path === i.href || path.startsWith(`${i.href}/`) ? 'active' : ''} aria-current={path === i.href ? 'page' : undefined}>
                {i.label}
                {i.href === MESSAGES && unread ? (
                  <span class="count unread-count" data-unread>
                    {unread > 99 ? '99+' : unread}
                    <span class="sr">条未读</span>
                  </span>
                ) : null}
              </Link>
            ))}
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} class={props.wide ? 'page wide' : 'page'}>
        {props.children}
      </main>
    </div>
  );
}

/** A page loaded on demand (the dashboard with its chart library, the QR code, the admin pages). */
export function Lazy<P extends object>(props: { load: () => Promise<ComponentType<P>>; props: NoInfer<P> }) {
  const [Comp, setComp] = useState<ComponentType<P> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    props.load().then(
      (c) => live && setComp(() => c),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [props.load]);
  if (error) return <ErrorBox error={error} />;
  if (!Comp) return <Loading />;
  return <Comp {...props.props} />;
}
