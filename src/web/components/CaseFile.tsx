/**
 * The case file on the case page (SPEC §9): the worker adds a wage slip or a photo of the contract
 * from the phone (camera or album), everyone who may see the case sees its files (pictures as
 * previews) and fetches its documents as PDF; staff may keep a file internal or withdraw one.
 */
import { useRef, useState } from 'preact/hooks';
import { FILE_KIND_LABELS, FILE_KINDS, type FileKind } from '../../domain/caseFile.js';
import { api, get, post } from '../api';
import { timeZh } from '../format';
import type { CaseDocumentEntry, CaseFile as CaseFileEntry } from '../types';
import { Checkbox, Empty, ErrorBox, Loading, Select, TextField, useFormSend, useLoad } from './ui';

/** 20 MB by default (FILE_MAX_BYTES): checked here too, so a phone does not send what will be refused. */
const MAX_BYTES = 20 * 1024 * 1024;
const TAKEN = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];

export function sizeZh(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `onChange`: a file was added or withdrawn (its event is on the timeline now). */
export function CaseFileCard(props: { caseId: string; worker: boolean; employer?: boolean; staff: boolean; canUpload: boolean; version: number; onChange?: () => void }) {
  const files = useLoad(() => get<{ items: CaseFileEntry[] }>(`/cases/${props.caseId}/files`), [props.caseId]);
  // The documents follow the case: a new session date or an agreement makes another one available.
  const documents = useLoad(() => get<{ items: CaseDocumentEntry[] }>(`/cases/${props.caseId}/documents`), [props.caseId, props.version]);
  const base = `/cases/${props.caseId}/files`;

  return (
    <section class="card case-file" aria-label="材料与文书">
      <h2>材料与文书</h2>
      {props.canUpload ? <UploadForm caseId={props.caseId} staff={props.staff} employer={props.employer} onAdded={(f) => {
            files.set({ items: [...(files.data?.items ?? []), f] });
            props.onChange?.();
          }} /> : null}

      <h3>已上传的材料</h3>
      {files.error ? <ErrorBox error={files.error} /> : !files.data ? <Loading /> : !files.data.items.length ? <Empty>还没有材料</Empty> : (
        <ul class="files">
          {files.data.items.map((f) => (
            <li key={f.id} class={f.withdrawnAt ? 'withdrawn' : ''} data-file={f.kind}>
              {f.contentType.startsWith('image/') ? (
                <a href={`${base}/${f.id}?disposition=inline`} target="_blank" rel="noopener">
                  <img class="thumb" src={`${base}/${f.id}?disposition=inline`} alt={`${FILE_KIND_LABELS[f.kind]}：${f.name}`} loading="lazy" />
                </a>
              ) : (
                <span class="thumb pdf" aria-hidden="true">PDF</span>
              )}
              <div class="file-text">
                <a href={`${base}/${f.id}?disposition=inline`} target="_blank" rel="noopener">
                  {f.name}
                </a>
                <small>
                  {FILE_KIND_LABELS[f.kind]} · {sizeZh(f.sizeBytes)} · {f.uploadedByName} {timeZh(f.uploadedAt)}上传
                  {f.internal ? <span class="badge plain">仅内部可见</span> : null}
                  {f.withdrawnAt ? <span class="badge tone-breached">已撤回{f.withdrawnReason ? `：${f.withdrawnReason}` : ''}</span> : null}
                </small>
                {f.description ? <small>{f.description}</small> : null}
                <a class="btn small ghost" href={`${base}/${f.id}`} download={f.name}>
                  下载
                </a>
                {props.staff && !f.withdrawnAt ? <Withdraw path={`${base}/${f.id}/withdraw`} onDone={(next) => {
                      files.set({ items: files.data!.items.map((x) => (x.id === next.id ? next : x)) });
                      props.onChange?.();
                    }} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}

      <h3>文书</h3>
      {documents.error ? <ErrorBox error={documents.error} /> : !documents.data ? <Loading /> : (
        <ul class="documents">
          {documents.data.items
            .filter((d) => d.available)
            .map((d) => (
              <li key={d.type} data-document={d.type}>
                <a class="btn" href={`/cases/${props.caseId}/documents/${d.type}`} target="_blank" rel="noopener">
                  {d.title}（PDF）
                </a>
                {d.verificationCode ? <small>验证码 {d.verificationCode}{d.issuedAt ? ` · ${timeZh(d.issuedAt)}出具` : ''}</small> : null}
              </li>
            ))}
          {!documents.data.items.some((d) => d.available) ? <Empty>暂无可出具的文书</Empty> : null}
        </ul>
      )}
    </section>
  );
}

function UploadForm(props: { caseId: string; staff: boolean; employer?: boolean; onAdded: (f: CaseFileEntry) => void }) {
  const [kind, setKind] = useState<FileKind>('evidence');
  const [description, setDescription] = useState('');
  const [internal, setInternal] = useState(false);
  const [picked, setPicked] = useState<File | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const { error, fields, busy, send } = useFormSend();

  const pick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    setPicked(input.files?.[0] ?? null);
    setAdded(null);
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!picked) problems.file = '请先拍照或选择文件';
    else if (picked.size > MAX_BYTES) problems.file = '文件太大，请压缩后再上传（不超过 20MB）';
    else if (picked.type && !TAKEN.includes(picked.type)) problems.file = '只能上传 PDF、JPG、PNG 或 WebP 格式的文件';
    void send(problems, async () => {
      const form = new FormData();
      form.append('kind', kind);
      if (description.trim()) form.append('description', description.trim());
      if (props.staff && internal) form.append('internal', 'true');
      form.append('file', picked!, picked!.name);
      const file = await api<CaseFileEntry>('POST', `/cases/${props.caseId}/files`, form);
      props.onAdded(file);
      setAdded(file.name);
      setPicked(null);
      setDescription('');
      if (camera.current) camera.current.value = '';
      if (album.current) album.current.value = '';
    });
  };

  return (
    <form class="upload" onSubmit={submit} noValidate>
      <Select label="材料类型" value={kind} onValue={(v) => setKind(v as FileKind)} options={FILE_KINDS.map((k) => ({ value: k, label: FILE_KIND_LABELS[k] }))} error={fields.kind} />
      <div class={`field${fields.file ? ' has-error' : ''}`}>
        <span class="label" id="upload-file-label">文件</span>
        <div class="pick" role="group" aria-labelledby="upload-file-label">
          <label class="btn">
            拍照
            <input ref={camera} class="visually-hidden" type="file" accept="image/*" capture="environment" onChange={pick} />
          </label>
          <label class="btn">
            从相册或文件选择
            <input ref={album} class="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={pick} />
          </label>
        </div>
        <small class="help">{picked ? `已选：${picked.name}（${sizeZh(picked.size)}）` : props.employer ? '工资发放记录、考勤记录、劳动合同、规章制度等，PDF 或图片，不超过 20MB' : '工资条、劳动合同、聊天记录截图等，PDF 或图片，不超过 20MB'}</small>
        {fields.file ? (
          <p class="field-error" role="alert">
            {fields.file}
          </p>
        ) : null}
      </div>
      <TextField label="说明" optional value={description} onValue={setDescription} maxLength={500} error={fields.description} />
      {props.staff ? <Checkbox label="仅内部可见" help="当事人看不到这份材料" checked={internal} onChange={setInternal} /> : null}
      <ErrorBox error={error} unplaced={fields} />
      {added ? <p class="ok" role="status">已上传：{added}</p> : null}
      <button class="btn primary" type="submit" disabled={busy}>
        {busy ? '正在上传…' : props.employer ? '上传材料' : '上传证据'}
      </button>
    </form>
  );
}

function Withdraw(props: { path: string; onDone: (f: CaseFileEntry) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { error, fields, busy, send } = useFormSend();
  if (!open)
    return (
      <button type="button" class="btn small ghost" onClick={() => setOpen(true)}>
        撤回
      </button>
    );
  return (
    <form
      class="withdraw"
      onSubmit={(e) => {
        e.preventDefault();
        void send(reason.trim() ? {} : { reason: '请写明撤回的原因' }, async () => {
          props.onDone(await post<CaseFileEntry>(props.path, { reason: reason.trim() }));
          setOpen(false);
        });
      }}
    >
      <TextField label="撤回原因" value={reason} onValue={setReason} maxLength={500} error={fields.reason} />
      <ErrorBox error={error} unplaced={fields} />
      <button class="btn danger" type="submit" disabled={busy}>
        确认撤回
      </button>
    </form>
  );
}
