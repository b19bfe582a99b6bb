/** 指派承办人: who at the organisation handles the case; taking an unassigned case oneself is the usual choice. */
import { Select } from '../ui';
import { openProceeding, required, type ActionForm, type ActionContext } from './form';

const currentHandler = (ctx: ActionContext) => openProceeding(ctx.detail)?.assignedUserId ?? null;

export const assign: ActionForm = {
  initial: (ctx) => ({ userId: currentHandler(ctx) ? '' : ctx.me.id }),
  Fields: ({ form, ctx }) => {
    const handler = currentHandler(ctx);
    const options = (ctx.staff ?? []).map((m) => ({
      value: m.id,
      label: `${m.name}${m.id === ctx.me.id ? '（我）' : ''}${m.id === handler ? '（现承办人）' : ''}`,
    }));
    const handlerName = handler ? ctx.staff?.find((m) => m.id === handler)?.name : undefined;
    return (
      <Select
        label="承办人"
        name="userId"
        value={form.text('userId')}
        onValue={form.set('userId')}
        options={options}
        placeholder={ctx.staff ? '请选择' : '正在加载本机构工作人员…'}
        error={form.problems.userId}
        help={handler ? `现承办人：${handlerName ?? '（账号已停用）'}` : '目前还没有指派承办人'}
      />
    );
  },
  read: (form, ctx, problems) => {
    const userId = required(form, problems, 'userId', '请选择承办人');
    if (userId && userId === currentHandler(ctx)) problems.userId = '这位已经是现承办人';
    return { userId };
  },
};
