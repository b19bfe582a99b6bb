/** The pages' entry: who is signed in, then the page for the address. */
import { render, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { setUnauthenticatedHandler } from './api';
import { Layout, Lazy } from './components/Layout';
import { Loading } from './components/ui';
import { Home, Login, Register } from './pages/Auth';
import { CasePage } from './pages/CasePage';
import { Invite } from './pages/Invite';
import { Messages } from './pages/Messages';
import { Served } from './pages/Served';
import { FileClaim, Intake, MyCases, preloadIntake } from './pages/Worker';
import { here, match, navigate, useLocation } from './router';
import { SessionContext, endSession, fetchMe, homeFor, mightBeSignedIn, rememberSignedIn, sessionCookieSeen } from './session';
import type { Role, User } from './types';
import './styles.css';

// Loaded on demand: the chart library, the QR encoder and the admin pages stay out of the first download.
const dashboard = () => import('./pages/Dashboard').then((m) => m.default);
const qrPage = () => import('./pages/QrPage').then((m) => m.default);
// Staff pages: a worker's phone never downloads them.
const workbench = () => import('./pages/Staff').then((m) => m.Workbench);
const caseList = () => import('./pages/Staff').then((m) => m.CaseList);
const newCase = () => import('./pages/Staff').then((m) => m.NewCase);
const adminOrgs = () => import('./pages/Admin').then((m) => m.AdminOrgs);
const adminUsers = () => import('./pages/Admin').then((m) => m.AdminUsers);
const adminCalendar = () => import('./pages/Admin').then((m) => m.AdminCalendar);

const STAFF: Role[] = ['mediator', 'arbitrator', 'court_liaison'];

// Asked for the moment the script runs, side by side: who is signed in, and on a QR code's page
// (/i/<code>) its organisation, unless the server already put it in the page. On a slow phone
// line each round trip is seconds; the QR page renders without waiting for the first.
const meRequest = fetchMe();
const qrCode = match('/i/:code', location.pathname.replace(/\/+$/, ''))?.code;
if (qrCode) preloadIntake(qrCode);

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return <Loading />;
}

function App() {
  // Without the signed-in hint nobody is signed in: known at once, no request. A QR code's page
  // starts as the server drew it: with the form (disabled) when a session cookie came with it,
  // with the sign-in buttons when none did, which GET /me may still turn into the form.
  const [me, setMeState] = useState<User | null | undefined>(() => (sessionCookieSeen() !== false && mightBeSignedIn() ? undefined : null));
  const { path, query } = useLocation();
  const setMe = (u: User | null) => {
    rememberSignedIn(Boolean(u));
    setMeState(u);
  };

  useEffect(() => {
    meRequest.then(setMe);
    setUnauthenticatedHandler(() => {
      setMe(null);
      if (!location.pathname.startsWith('/app/login')) navigate(`/app/login?next=${encodeURIComponent(here())}`, { replace: true });
    });
  }, []);

  const session = {
    me: me ?? null,
    known: me !== undefined,
    setMe,
    signOut: async () => {
      await endSession();
      setMe(null);
    },
  };

  // The QR page shows its organisation while GET /me is still on its way; every other page waits.
  if (me === undefined && !match('/i/:code', path))
    return (
      <div class="boot">
        <Loading />
      </div>
    );

  /** A page for these roles only; others are sent to sign in, or to their own start page. */
  const only = (roles: Role[] | 'any', page: () => JSX.Element, wide = false) => {
    if (!me) return <Redirect to={`/app/login?next=${encodeURIComponent(here())}`} />;
    if (roles !== 'any' && !roles.includes(me.role)) return <Redirect to={homeFor(me.role)} />;
    return <Layout wide={wide}>{page()}</Layout>;
  };

  let view: JSX.Element;
  let m: Record<string, string> | null;
  if (path === '/') view = me ? <Redirect to={homeFor(me.role)} /> : <Layout>{<Home />}</Layout>;
  else if ((m = match('/i/:code', path))) view = <Layout>{<Intake code={m.code} />}</Layout>;
  else if (path === '/app') view = <Redirect to={homeFor(me?.role)} />;
  else if (path === '/app/login') view = me ? <Redirect to={homeFor(me.role)} /> : <Layout>{<Login next={query.get('next')} mode={query.get('mode')} />}</Layout>;
  else if (path === '/app/register') view = me ? <Redirect to={homeFor(me.role)} /> : <Layout>{<Register next={query.get('next')} />}</Layout>;
  else if (path === '/app/my') view = only(['worker', 'employer'], () => <MyCases />);
  else if (path === '/app/messages') view = only(['worker', 'employer'], () => <Messages />);
  // The links the SMS bring (SPEC §10): open to anyone holding the link, signed in or not.
  else if ((m = match('/app/invite/:token', path))) view = <Layout>{<Invite key={m.token} token={m.token} />}</Layout>;
  else if ((m = match('/app/served/:token', path))) view = <Layout>{<Served key={m.token} token={m.token} />}</Layout>;
  else if (path === '/app/file') view = only(['worker'], () => <FileClaim />);
  else if ((m = match('/app/cases/:id', path))) {
    const id = m.id;
    view = only('any', () => <CasePage key={id} id={id} filed={query.get('filed') === '1'} joined={query.get('joined') === '1'} />, true);
  } else if (path === '/app/cases') view = only([...STAFF, 'supervisor'], () => <Lazy load={caseList} props={{}} />, true);
  else if (path === '/app/work') view = only(STAFF, () => <Lazy load={workbench} props={{}} />, true);
  else if (path === '/app/new') view = only(STAFF, () => <Lazy load={newCase} props={{}} />);
  else if (path === '/app/qr') view = only(['mediator', 'arbitrator'], () => <Lazy load={qrPage} props={{}} />);
  else if ((m = match('/app/qr/:orgId', path))) {
    const orgId = m.orgId;
    view = only(['admin', ...STAFF], () => <Lazy load={qrPage} props={{ orgId }} />);
  } else if (path === '/app/dashboard') view = only(['supervisor', ...STAFF], () => <Lazy load={dashboard} props={{}} />, true);
  else if (path === '/app/admin/orgs') view = only(['admin'], () => <Lazy load={adminOrgs} props={{}} />, true);
  else if (path === '/app/admin/users') view = only(['admin'], () => <Lazy load={adminUsers} props={{}} />, true);
  else if (path === '/app/admin/calendar') view = only(['admin'], () => <Lazy load={adminCalendar} props={{}} />, true);
  else
    view = (
      <Layout>
        <div class="narrow">
          <h1>没有这个页面</h1>
          <p>
            <a href={me ? homeFor(me.role) : '/'}>回到首页</a>
          </p>
        </div>
      </Layout>
    );

  return <SessionContext.Provider value={session}>{view}</SessionContext.Provider>;
}

render(<App />, document.getElementById('app')!);
