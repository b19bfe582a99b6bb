CREATE INDEX "agreements_recorded_idx" ON "agreements" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "payments_paid_idx" ON "payments" USING btree ("paid_at");